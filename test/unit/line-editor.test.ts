import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellWidth, lineWindow } from '../../src/domain/text/cell-width.js';
import { graphemesAfter, graphemesBefore } from '../../src/domain/text/graphemes.js';
import { applyEdit, cleanText, insertText, lineOf, type EditOp, type LineEdit } from '../../src/domain/text/line-editor.js';

/** 'hel|lo' ⇄ { text: 'hello', cursor: 3 } */
const line = (marked: string): LineEdit => ({ text: marked.replace('|', ''), cursor: marked.indexOf('|') });
const marked = ({ text, cursor }: LineEdit) => `${text.slice(0, cursor)}|${text.slice(cursor)}`;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const boundaries = (text: string) => [...segmenter.segment(text)].map((s) => s.index).concat(text.length);

/** Where the cursor stops when `op` is repeated from `from` until it changes nothing. */
function stops(text: string, op: EditOp, from: number): number[] {
  const seen: number[] = [];
  for (let l = lineOf(text, from); ; ) {
    const next = applyEdit(l, op, '').line;
    if (next === l) return seen;
    seen.push((l = next).cursor);
  }
}

const DOCKER = 'docker.io/library/busybox:1.36';
const WIDE = 'a日👩‍💻🇯🇵e\u0301b'; // clusters start at 0 1 2 7 11 13, end 14

// [before, op, after, kill buffer after (when the op changes it; every case starts with 'K')]
const CASES: [string, EditOp, string, string?][] = [
  ['hel|lo', 'start', '|hello'], ['|hello', 'start', '|hello'],
  ['hel|lo', 'end', 'hello|'], ['hello|', 'end', 'hello|'],
  ['hel|lo', 'left', 'he|llo'], ['|hello', 'left', '|hello'],
  ['hel|lo', 'right', 'hell|o'], ['hello|', 'right', 'hello|'],
  ['hello wo|rld', 'wordLeft', 'hello |world'], ['hello |world', 'wordLeft', '|hello world'],
  ['|hello', 'wordLeft', '|hello'],
  ['foo   bar  baz|', 'wordLeft', 'foo   bar  |baz'], ['foo   bar  |baz', 'wordLeft', 'foo   |bar  baz'],
  ['he|llo world', 'wordRight', 'hello| world'], ['hello| world', 'wordRight', 'hello world|'],
  ['hello|', 'wordRight', 'hello|'],
  ['|foo   bar  baz', 'wordRight', 'foo|   bar  baz'], ['foo|   bar  baz', 'wordRight', 'foo   bar|  baz'],
  ['|héllo wörld', 'wordRight', 'héllo| wörld'], ['|日本 語', 'wordRight', '日本| 語'],
  ['|e\u0301te x', 'wordRight', 'e\u0301te| x'],
  ['ab|c', 'deleteBack', 'a|c'], ['|abc', 'deleteBack', '|abc'],
  ['a|bc', 'deleteForward', 'a|c'], ['abc|', 'deleteForward', 'abc|'],
  ['docker run  busybox:1.36|', 'killWordBack', 'docker run  |', 'busybox:1.36'],
  ['docker run   |', 'killWordBack', 'docker |', 'run   '],
  ['docker r|un', 'killWordBack', 'docker |un', 'r'], ['   |', 'killWordBack', '|', '   '],
  ['|abc', 'killWordBack', '|abc'],
  [`${DOCKER}|`, 'killAlnumWordBack', 'docker.io/library/busybox:1.|', '36'],
  ['docker.io/library/busybox:1.|', 'killAlnumWordBack', 'docker.io/library/busybox:|', '1.'],
  ['foo   bar  |', 'killAlnumWordBack', 'foo   |', 'bar  '], ['|abc', 'killAlnumWordBack', '|abc'],
  ['|docker.io/library', 'killWordForward', '|.io/library', 'docker'],
  ['docker|.io/library', 'killWordForward', 'docker|/library', '.io'],
  ['foo|   bar  baz', 'killWordForward', 'foo|  baz', '   bar'], ['abc|', 'killWordForward', 'abc|'],
  ['hello |world', 'killToStart', '|world', 'hello '], ['|world', 'killToStart', '|world'],
  ['hello| world', 'killToEnd', 'hello|', ' world'], ['hello|', 'killToEnd', 'hello|'],
  ['a|b', 'yank', 'aK|b'],
  ['abc|', 'transpose', 'acb|'], ['ab|cd', 'transpose', 'acb|d'], ['a|b', 'transpose', 'ba|'],
  ['|abc', 'transpose', '|abc'], ['a|', 'transpose', 'a|'], ['|', 'transpose', '|'], ['aa|', 'transpose', 'aa|'],
  ['日本|', 'transpose', '本日|'], ['a👩‍💻|', 'transpose', '👩‍💻a|'],
  ['e\u0301|x', 'transpose', 'xe\u0301|'], ['🇯🇵|🇫🇷', 'transpose', '🇫🇷🇯🇵|'],
];

describe('applyEdit', () => {
  for (const [before, op, after, kill = 'K'] of CASES) {
    it(`${op}: ${before} → ${after}`, () => {
      const input = line(before);
      const result = applyEdit(input, op, 'K');
      assert.equal(marked(result.line), after);
      assert.equal(result.kill, kill);
      if (before === after) assert.equal(result.line, input, 'a no-op returns the same line object');
    });
  }

  it('moves by words over docker.io/library/busybox:1.36 as readline does', () => {
    assert.deepEqual(stops(DOCKER, 'wordRight', 0), [6, 9, 17, 25, 27, 30]);
    assert.deepEqual(stops(DOCKER, 'wordLeft', DOCKER.length), [28, 26, 18, 10, 7, 0]);
  });

  it('yank with an empty kill buffer changes nothing', () => {
    const input = line('a|b');
    assert.equal(applyEdit(input, 'yank', '').line, input);
  });

  it('deletes without touching the kill buffer', () => {
    assert.equal(applyEdit(line('ab|'), 'deleteBack', 'kept').kill, 'kept');
    assert.equal(applyEdit(line('|ab'), 'deleteForward', 'kept').kill, 'kept');
  });

  it('kill then yank restores the line (Ctrl-W, Ctrl-K, Ctrl-U, Alt-D, Alt-Backspace)', () => {
    for (const [start, op, end] of [
      ['docker run busybox|', 'killWordBack', 'docker run busybox|'],
      ['docker |run busybox', 'killToEnd', 'docker run busybox|'],
      ['docker |run busybox', 'killToStart', 'docker |run busybox'],
      ['docker |run busybox', 'killWordForward', 'docker run| busybox'],
      ['a 日本👩‍💻|', 'killAlnumWordBack', 'a 日本👩‍💻|'],
    ] as const) {
      const killed = applyEdit(line(start), op, '');
      const yanked = applyEdit(killed.line, 'yank', killed.kill);
      assert.equal(marked(yanked.line), end, op);
    }
  });

  it('moves and deletes over whole grapheme clusters: CJK, ZWJ emoji, flags, combining marks', () => {
    assert.deepEqual(stops(WIDE, 'left', 14), [13, 11, 7, 2, 1, 0]);
    assert.deepEqual(stops(WIDE, 'right', 0), [1, 2, 7, 11, 13, 14]);
    assert.equal(marked(applyEdit(lineOf(WIDE, 13), 'deleteBack', '').line), 'a日👩‍💻🇯🇵|b');
    assert.equal(marked(applyEdit(lineOf(WIDE, 11), 'deleteBack', '').line), 'a日👩‍💻|e\u0301b');
    assert.equal(marked(applyEdit(lineOf(WIDE, 7), 'deleteBack', '').line), 'a日|🇯🇵e\u0301b');
    assert.equal(marked(applyEdit(lineOf(WIDE, 2), 'deleteBack', '').line), 'a|👩‍💻🇯🇵e\u0301b');
    assert.equal(marked(applyEdit(lineOf(WIDE, 2), 'deleteForward', '').line), 'a日|🇯🇵e\u0301b');
  });

  it('agrees with segmenting the whole text, on long clusters and long runs of flags', () => {
    const text = `x${'e'.padEnd(200, '\u0301')}y${'🇯🇵'.repeat(40)}🇯${'👩‍💻'.repeat(30)}z\u200b\u0301`;
    const expected = boundaries(text);
    assert.deepEqual([text.length, ...stops(text, 'left', text.length)].reverse(), expected);
    assert.deepEqual([0, ...stops(text, 'right', 0)], expected);
    const clusters = expected.slice(1).map((end, k) => text.slice(expected[k], end));
    assert.deepEqual([...graphemesAfter(text, 0)], clusters);
    assert.deepEqual([...graphemesBefore(text, text.length)].reverse(), clusters);
  });
});

describe('insertText, cleanText and lineOf', () => {
  it('inserts at the cursor, cleaned, with the cursor after it', () => {
    assert.equal(marked(insertText(line('a|d'), 'bc')), 'abc|d');
    assert.equal(marked(insertText(line('a|'), 'x\r\ny\tz\n')), 'ax y z|');
    assert.equal(marked(insertText(line('e|'), '\u0301')), 'e\u0301|');
    // a second flag letter joins the one after the cursor: the cursor goes past the whole flag
    assert.equal(marked(insertText(line('|🇵'), '🇯')), '🇯🇵|');
    const input = line('a|b');
    assert.equal(insertText(input, ''), input);
    assert.equal(insertText(input, '\x1b\x07'), input);
  });

  it('cleans text for a one-line prompt', () => {
    assert.equal(cleanText('a\r\nb\rc\nd\te'), 'a b c d e');
    assert.equal(cleanText('a\n\nb'), 'a  b');
    assert.equal(cleanText('abc\n'), 'abc');
    assert.equal(cleanText('abc\r\n\r\n'), 'abc');
    assert.equal(cleanText('\x1b[31mred\x07'), '[31mred');
    assert.equal(cleanText('a\x00b\x7fc\u0085d\u009be'), 'abcde');
    assert.equal(cleanText('\ufffd日本👩‍💻🇯🇵e\u0301'), '\ufffd日本👩‍💻🇯🇵e\u0301');
  });

  it('puts the cursor at the end, or clamped onto a grapheme boundary', () => {
    assert.deepEqual(lineOf('abc'), { text: 'abc', cursor: 3 });
    assert.deepEqual(lineOf('abc', 1), { text: 'abc', cursor: 1 });
    assert.deepEqual(lineOf('abc', -5), { text: 'abc', cursor: 0 });
    assert.deepEqual(lineOf('abc', 99), { text: 'abc', cursor: 3 });
    assert.equal(lineOf('e\u0301x', 1).cursor, 0);
    assert.equal(lineOf('a👩‍💻', 3).cursor, 1);
    assert.equal(lineOf('🇯🇵🇯🇵', 6).cursor, 4);
  });
});

describe('cellWidth and lineWindow', () => {
  it('counts terminal cells', () => {
    const samples = ['日', '👩‍💻', '🇯🇵', 'e\u0301', 'abc', '', '日本', '\u200b'];
    assert.deepEqual(samples.map(cellWidth), [2, 2, 2, 1, 3, 0, 4, 0]);
  });

  it('shows a line that fits whole', () => {
    assert.deepEqual(lineWindow(line('he|llo'), 10), { before: 'he', at: 'l', after: 'lo' });
    assert.deepEqual(lineWindow(line('hello|'), 10), { before: 'hello', at: ' ', after: '' });
    assert.deepEqual(lineWindow(line('日本|'), 5), { before: '日本', at: ' ', after: '' });
  });

  it('scrolls around the cursor, from the start while the cursor fits there', () => {
    const abc = 'abcdefghijklmnopqrstuvwxyz';
    const at = (cursor: number) => lineWindow(lineOf(abc, cursor), 10);
    assert.deepEqual(at(0), { before: '', at: 'a', after: 'bcdefghi…' });
    assert.deepEqual(at(8), { before: 'abcdefgh', at: 'i', after: '…' });
    assert.deepEqual(at(9), { before: '…defghi', at: 'j', after: 'k…' });
    assert.deepEqual(at(26), { before: '…stuvwxyz', at: ' ', after: '' });
    const japanese = lineOf('日本語のテキストです', 5);
    assert.deepEqual(lineWindow(japanese, 8), { before: '…のテ', at: 'キ', after: '…' });
  });

  it('never exceeds the width nor splits a cluster, with wide characters at both edges', () => {
    const text = `日${WIDE}本語👩‍💻ab🇯🇵🇫🇷e\u0301日本x`;
    const starts = new Set(boundaries(text));
    for (let width = 4; width <= 24; width++) {
      for (const cursor of starts) {
        const { before, at, after } = lineWindow({ text, cursor }, width);
        assert.ok(cellWidth(before + at + after) <= width, `width ${width}, cursor ${cursor}`);
        const shown = before.replace(/^…/, '');
        const rest = after.replace(/…$/, '');
        assert.ok(starts.has(cursor - shown.length) && text.slice(0, cursor).endsWith(shown));
        assert.ok(starts.has(cursor + (cursor < text.length ? at.length : 0) + rest.length));
        assert.ok(text.slice(cursor).startsWith(cursor < text.length ? at + rest : rest));
        assert.equal(before.startsWith('…'), shown.length < cursor);
      }
    }
  });
});

describe('a 1 MB line', () => {
  const ms = (run: () => unknown) => {
    const start = performance.now();
    run();
    return performance.now() - start;
  };
  const OPS: EditOp[] = ['start', 'end', 'left', 'right', 'wordLeft', 'wordRight', 'deleteBack', 'deleteForward',
    'killWordBack', 'killAlnumWordBack', 'killWordForward', 'killToStart', 'killToEnd', 'yank', 'transpose'];
  const UNITS = [['ASCII', 'x'], ['spaces', ' '], ['CJK', '日本語'], ['emoji', '👩‍💻🇯🇵e\u0301']] as const;

  cellWidth('👩‍💻'); // string-width compiles its emoji patterns on first use: not what is measured here

  for (const [name, unit] of UNITS) {
    it(`edits ${name} in well under 200 ms per op, and shows it in under 100 ms`, () => {
      const text = insertText(lineOf(''), unit.repeat(Math.ceil(2 ** 20 / unit.length))).text;
      for (const cursor of [0, text.length >> 1, text.length]) {
        const start = lineOf(text, cursor);
        for (const op of OPS) assert.ok(ms(() => applyEdit(start, op, 'kill')) < 200, `${op} at ${cursor}`);
        assert.ok(ms(() => lineWindow(start, 80)) < 100, `lineWindow at ${cursor}`);
      }
    });
  }

  it('inserts 1 MB in well under 200 ms', () => {
    const text = 'FROM busybox:1.36\tRUN echo hi\r\n'.repeat(2 ** 20 / 32);
    assert.ok(ms(() => insertText(lineOf('prompt'), text)) < 200);
  });
});
