import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameRanges, PathFilter } from '../../src/domain/layers/layer-path-filter.js';

const PATHS = ['usr', 'usr/lib', 'usr/lib/python3.11/site-packages/requests/api.py', 'usr/lib/python3.11/site-packages/flask/app.py', 'usr/share/doc/openssl/changelog.gz', 'etc/passwd', 'bin/busybox'];
const shown = (f: PathFilter, q: string) => {
  const r = f.filter(q);
  return r ? PATHS.filter((p) => r.visible(p)) : PATHS;
};

describe('layer path filter', () => {
  it('keeps paths where every word appears in order, with their ancestors', () => {
    const f = new PathFilter(PATHS);
    assert.deepEqual(shown(f, 'reqapi'), ['usr', 'usr/lib', 'usr/lib/python3.11/site-packages/requests/api.py']);
    const r = f.filter('sitepkg flask')!;
    assert.equal(r.count, 1);
    assert.ok(r.matched('usr/lib/python3.11/site-packages/flask/app.py'));
    assert.ok(r.visible('usr/lib/python3.11/site-packages/flask'), 'made-up ancestor directories are visible');
    assert.ok(!r.matched('usr/lib'), 'an ancestor is shown, not matched');
    assert.ok(!r.visible('usr/lib/python3.11/site-packages/requests'));
    assert.deepEqual(shown(f, 'PASSWD'), ['etc/passwd'], 'case-insensitive');
    assert.deepEqual(shown(f, '/bin'), ['bin/busybox'], 'a leading slash anchors nothing but still matches');
    assert.deepEqual(shown(f, 'zzz'), []);
    assert.equal(f.filter('  '), null, 'an empty query filters nothing');
  });

  it('narrows from the previous keystroke, and starts over when the query is not an extension', () => {
    const f = new PathFilter(PATHS);
    assert.deepEqual(shown(f, 'u'), PATHS.filter((p) => p.includes('u')));
    assert.deepEqual(shown(f, 'us'), PATHS.filter((p) => /u.*s/.test(p)));
    assert.deepEqual(shown(f, 'usdoc'), ['usr', 'usr/share/doc/openssl/changelog.gz']);
    assert.deepEqual(shown(f, 'passwd'), ['etc/passwd'], 'a new query searches everything again');
    assert.deepEqual(shown(f, 'passw'), ['etc/passwd'], 'a shorter query too');
    assert.ok(f.filter('busy')!.visibleAt(PATHS.indexOf('bin/busybox')));
  });

  it('highlights the words in the file name, or the part of them that reaches it', () => {
    assert.deepEqual(nameRanges('etc/passwd', ['pwd']), [[0, 0], [4, 5]]);
    assert.deepEqual(nameRanges('usr/lib/python3.11/site-packages/requests/api.py', ['reqapi']), [[0, 2]]);
    assert.deepEqual(nameRanges('usr/lib/python3.11/site-packages/requests/api.py', ['sitepkg', 'py']), [[1, 1], [5, 5]]);
    assert.deepEqual(nameRanges('bin/busybox', ['zz']), []);
    assert.deepEqual(new PathFilter(['Etc/Passwd']).filter('pass')!.nameRanges('Etc/Passwd'), [[0, 3]]);
  });
});
