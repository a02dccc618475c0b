import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringWidth } from '../../src/domain/text/go-runewidth.js';
import { tabwrite } from '../../src/domain/text/tabwriter.js';

describe('tabwrite with docker defaults (minwidth 10, padding 3)', () => {
  it('aligns tab-terminated cells as docker images does', () => {
    assert.equal(
      tabwrite('REPOSITORY\tTAG\tIMAGE ID\nbusybox\tlatest\tabc\n'),
      'REPOSITORY   TAG       IMAGE ID\nbusybox      latest    abc\n',
    );
  });

  it('sizes a column as its widest cell plus padding, at least minwidth', () => {
    assert.equal(
      tabwrite('NAME\tSIZE\nalpine\t7.8MB\nverylongname\t1GB\n'),
      'NAME           SIZE\nalpine         7.8MB\nverylongname   1GB\n',
    );
    assert.equal(tabwrite('a\tb\n'), 'a         b\n');
  });

  it('leaves the text after the last tab out of any column', () => {
    assert.equal(tabwrite('a\tshort\nb\tmuch longer text\n'), 'a         short\nb         much longer text\n');
  });

  it('pads a trailing empty cell, as Go does', () => {
    assert.equal(tabwrite('longer\t\nx\ty\n'), 'longer    \nx         y\n');
  });

  it("counts terminal cells as docker's tabwriter does (go-runewidth): wide runes 2, combining marks 0", () => {
    assert.equal(tabwrite('日本\tx\nab\ty\n'), '日本      x\nab        y\n');
    assert.equal(tabwrite('e\u0301tude-longer-name\tx\nab\ty\n'), 'e\u0301tude-longer-name   x\nab                  y\n');
    // a grapheme cluster counts as its first rune of any width: a ZWJ sequence 2, a flag 1
    assert.equal(stringWidth('👨‍💻'), 2);
    assert.equal(stringWidth('🇩🇪'), 1);
    assert.equal(stringWidth('👍🏽x'), 3);
  });

  it('writes the last line without adding a newline', () => {
    assert.equal(tabwrite('a\tb'), 'a         b');
    assert.equal(tabwrite(''), '');
    assert.equal(tabwrite('no tabs\n'), 'no tabs\n');
  });

  it('starts new columns after a line with fewer cells', () => {
    assert.equal(
      tabwrite('a\tb\nheader\nlonger-cell\tc\n'),
      'a         b\nheader\nlonger-cell   c\n',
    );
    assert.equal(
      tabwrite('a\tb\tc\nlonger\t\nx\tyy\tz\n'),
      'a         b         c\nlonger    \nx         yy        z\n',
    );
  });

  it('treats a formfeed as a line break that ends all columns', () => {
    assert.equal(tabwrite('a\tb\fccccccccccccc\td\n'), 'a         b\nccccccccccccc   d\n');
  });

  it('takes a vertical tab as a cell terminator', () => {
    assert.equal(tabwrite('a\vb\n'), 'a         b\n');
  });
});

describe('tabwrite with other settings', () => {
  it('reproduces the column blocks of the text/tabwriter documentation', () => {
    // aaaa|bbb|d / aa|b|dd / a| / aa|cccc|eee: the b and c cells are in distinct columns.
    assert.equal(
      tabwrite('aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n', { minWidth: 0, padding: 1, padChar: '.' }),
      'aaaa.bbb.d\naa...b...dd\na....\naa...cccc.eee\n',
    );
  });

  it('pads with tabs, rounding to the tab width (ExampleWriter_Init)', () => {
    assert.equal(
      tabwrite('a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n', { minWidth: 0, tabWidth: 8, padding: 0, padChar: '\t' }),
      'a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n',
    );
  });

  it('pads with the given character', () => {
    assert.equal(tabwrite('a\tb\nccc\td\n', { minWidth: 0, padding: 2, padChar: '-' }), 'a----b\nccc--d\n');
  });
});
