import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GO_TYPE, TemplateError, goString, parseTemplate, type TemplateFunc } from '../../src/domain/text/go-template.js';

const run = (text: string, data?: unknown, funcs?: Record<string, TemplateFunc>): string =>
  parseTemplate(text, funcs).execute(data);

function fails(text: string, message: string, data?: unknown): void {
  assert.throws(
    () => run(text, data),
    (e: unknown) => {
      assert.ok(e instanceof TemplateError, String(e));
      assert.equal(e.message, message);
      return true;
    },
  );
}

const image = {
  [GO_TYPE]: '*formatter.ImageContext',
  Repository: 'busybox',
  Tag: 'latest',
  ID: () => 'sha256:abc',
};

describe('go template syntax', () => {
  it('copies text and drops comments', () => {
    assert.equal(run('hello {{/* a comment */}}world'), 'hello world');
    assert.equal(run('a {{- /* trimmed */ -}} b'), 'ab');
  });

  it('trims space around {{- and -}}', () => {
    assert.equal(run('a  \n {{- .x -}} \n  b', { x: 1 }), 'a1b');
    assert.equal(run('a\n{{- .x }}\n', { x: 1 }), 'a1\n');
    assert.equal(run('{{-3}}'), '-3');
  });

  it('reads field chains, dot and $', () => {
    assert.equal(run('{{.A.B}}', { A: { B: 'x' } }), 'x');
    assert.equal(run('{{.}}', 'text'), 'text');
    assert.equal(run('{{range .L}}{{$.N}}{{.}}{{end}}', { L: [1, 2], N: 'n' }), 'n1n2');
  });

  it('declares and assigns variables', () => {
    assert.equal(run('{{$x := .A}}{{$x}}', { A: 'a' }), 'a');
    assert.equal(run('{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}'), '2');
    assert.equal(run('{{$x := .}}{{$x.A}}', { A: 'a' }), 'a');
    assert.equal(run('{{with $x := .A}}{{$x}}{{end}}', { A: 'a' }), 'a');
  });

  it('pipes the value in as the last argument', () => {
    assert.equal(run('{{"abc" | printf "%s!"}}'), 'abc!');
    assert.equal(run('{{.A | upper | printf "<%s>"}}', { A: 'x' }), '<X>');
  });

  it('evaluates parenthesised pipelines, and fields of their values', () => {
    assert.equal(run('{{printf "%s-%s" (upper "a") "b"}}'), 'A-b');
    assert.equal(run('{{(index .L 1).A}}', { L: [{ A: 'p' }, { A: 'q' }] }), 'q');
  });

  it('reads string, raw string, number, bool and character literals as Go does', () => {
    assert.equal(run('{{"a\\tb\\u00e9\\x41\\101"}}'), 'a\tbéAA');
    assert.equal(run('{{`a\\n`}}'), 'a\\n');
    assert.equal(run('{{1}} {{-2}} {{0x1F}} {{0o17}} {{017}} {{1_000}} {{1.5}} {{1e3}} {{\'a\'}}'), '1 -2 31 15 15 1000 1.5 1000 97');
    assert.equal(run('{{true}} {{false}}'), 'true false');
  });

  it('branches with if, else if and else', () => {
    const t = '{{if .A}}a{{else if .B}}b{{else}}c{{end}}';
    assert.equal(run(t, { A: 1, B: 1 }), 'a');
    assert.equal(run(t, { A: 0, B: 1 }), 'b');
    assert.equal(run(t, { A: 0, B: 0 }), 'c');
  });

  it('takes truth as Go does', () => {
    for (const v of [false, 0, '', null, [], {}]) assert.equal(run('{{if .}}y{{else}}n{{end}}', v), 'n', goString(v));
    for (const v of [true, 1, -1, 'x', [0], { a: 0 }, { [GO_TYPE]: 'T' }]) {
      assert.equal(run('{{if .}}y{{else}}n{{end}}', v), 'y', goString(v));
    }
  });

  it('ranges over arrays and maps, maps in key order', () => {
    assert.equal(run('{{range $k, $v := .}}{{$k}}={{$v}};{{end}}', { b: 2, a: 1 }), 'a=1;b=2;');
    assert.equal(run('{{range $i, $e := .}}{{$i}}:{{$e}} {{end}}', ['x', 'y']), '0:x 1:y ');
    assert.equal(run('{{range $e := .}}{{$e}}{{end}}', ['x', 'y']), 'xy');
    assert.equal(run('{{range .}}[{{.}}]{{end}}', { Z: 1, B: 2, a: 3 }), '[2][1][3]');
    assert.equal(run('{{range .}}x{{else}}empty{{end}}', []), 'empty');
    assert.equal(run('{{range .}}x{{else}}empty{{end}}', {}), 'empty');
    assert.equal(run('{{range .Missing}}x{{else}}empty{{end}}', {}), 'empty');
    assert.equal(run('{{range 3}}{{.}}{{end}}'), '012');
    fails('{{range .S}}{{end}}', 'template: :1:8: executing "" at <.S>: range can\'t iterate over {x}', { S: { [GO_TYPE]: 'T', A: 'x' } });
  });

  it('breaks and continues a range', () => {
    const t = '{{range .}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}';
    assert.equal(run(t, [1, 2, 3, 4, 5]), '13');
  });

  it('sets dot with with, and falls back to else', () => {
    assert.equal(run('{{with .A}}{{.}}{{else}}none{{end}}', { A: 'a' }), 'a');
    assert.equal(run('{{with .A}}{{.}}{{else}}none{{end}}', { A: '' }), 'none');
    assert.equal(run('{{with .A}}a{{else with .B}}{{.}}{{end}}', { B: 'b' }), 'b');
  });
});

describe('go template fields', () => {
  it("rejects a struct's missing field with Go's message and position", () => {
    fails('{{.Foo}}', 'template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ImageContext', image);
    fails('a\n  {{.Foo}}', 'template: :2:4: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ImageContext', image);
    fails('é{{.Foo}}', 'template: :1:4: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ImageContext', image);
    // Go places a chain at its second field.
    fails('{{.Repository.Foo}}', 'template: :1:13: executing "" at <.Repository.Foo>: can\'t evaluate field Foo in type string', image);
  });

  it('prints <no value> for a missing map key and <nil> for a nil struct field', () => {
    assert.equal(run('{{.missing}}', {}), '<no value>');
    assert.equal(run('{{.a.b}}', {}), '<no value>');
    assert.equal(run('{{.a}}', { a: null }), '<no value>');
    assert.equal(run('{{.}}'), '<no value>');
    assert.equal(run('{{.P}}', { [GO_TYPE]: 'T', P: null }), '<nil>');
  });

  it('calls function-valued properties as methods', () => {
    assert.equal(run('{{.ID}} {{.Repository}}:{{.Tag}}', image), 'sha256:abc busybox:latest');
    assert.equal(run('{{.Double}}', { n: 2, Double(this: { n: number }) { return this.n * 2; } }), '4');
    assert.equal(run('{{.Add 1 2}}', { Add: (a: number, b: number) => a + b }), '3');
    fails('{{.ID 1}}', 'template: :1:2: executing "" at <.ID>: wrong number of args for ID: want 0 got 1', image);
    const failing = { ID: () => { throw new Error('boom'); } };
    fails('{{.ID}}', 'template: :1:2: executing "" at <.ID>: error calling ID: boom', failing);
  });

  it('rejects arguments to a field that is not a method', () => {
    fails('{{.a 1}}', 'template: :1:2: executing "" at <.a>: a is not a method but has arguments', { a: 1 });
  });
});

describe('goString (fmt %v)', () => {
  it('prints scalars', () => {
    assert.equal(goString('text'), 'text');
    assert.equal(goString(42), '42');
    assert.equal(goString(-7), '-7');
    assert.equal(goString(true), 'true');
    assert.equal(goString(null), '<nil>');
    assert.equal(goString(undefined), '<nil>');
  });

  it('prints floats as strconv does with the shortest precision', () => {
    assert.equal(goString(1.5), '1.5');
    assert.equal(goString(0.1 + 0.2), '0.30000000000000004');
    assert.equal(goString(-0.5), '-0.5');
    assert.equal(goString(123456.5), '123456.5');
    assert.equal(goString(1234567.5), '1.2345675e+06');
    assert.equal(goString(4261550.5), '4.2615505e+06');
    assert.equal(goString(0.0001), '0.0001');
    assert.equal(goString(0.00001), '1e-05');
    assert.equal(goString(1e21), '1e+21');
    assert.equal(goString(NaN), 'NaN');
    assert.equal(goString(Infinity), '+Inf');
    assert.equal(goString(-Infinity), '-Inf');
  });

  it('prints slices, maps in key order, and structs', () => {
    assert.equal(goString(['a', 1, true, null]), '[a 1 true <nil>]');
    assert.equal(goString([[1, 2], [3]]), '[[1 2] [3]]');
    assert.equal(goString([]), '[]');
    assert.equal(goString({ b: ['x', 'y'], a: 1 }), 'map[a:1 b:[x y]]');
    assert.equal(goString({}), 'map[]');
    assert.equal(goString({ [GO_TYPE]: 'T', Name: 'busybox', Size: 3, Method: () => 'x' }), '{busybox 3}');
    assert.equal(goString({ [GO_TYPE]: 'T', P: null, N: 1 }), '{<nil> 1}');
    assert.equal(run('{{.}}', { L: [1.5, 'a'] }), 'map[L:[1.5 a]]');
  });
});

describe('go template builtins', () => {
  it('and, or and not return Go values and short-circuit', () => {
    assert.equal(run('{{and 1 0 2}} {{and 1 2}} {{or 0 "" "x"}} {{or 0 ""}}|'), '0 2 x |');
    assert.equal(run('{{and false (index .L 5)}}', { L: [] }), 'false');
    assert.equal(run('{{not 0}} {{not "x"}}'), 'true false');
  });

  it('len counts bytes of strings, elements and keys', () => {
    assert.equal(run('{{len "héllo"}} {{len .L}} {{len .M}}', { L: [1, 2, 3], M: { a: 1, b: 2 } }), '6 3 2');
    fails('{{len 3}}', 'template: :1:2: executing "" at <len 3>: error calling len: len of type int');
  });

  it('index reads slices and maps, with several indexes', () => {
    const data = { L: ['a', 'b'], M: { k: 'v' }, N: [[1, 2], [3, 4]] };
    assert.equal(run('{{index .L 1}} {{index .M "k"}} {{index .N 1 0}} [{{index .M "none"}}]', data), 'b v 3 []');
    fails('{{index .L 5}}', 'template: :1:2: executing "" at <index .L 5>: error calling index: index out of range: 5', data);
  });

  it('slice takes Go slice expressions', () => {
    assert.equal(run('{{slice "hello" 1 3}} {{slice .L 1}} {{slice .L}}', { L: [1, 2, 3] }), 'el [2 3] [1 2 3]');
  });

  it('print and println space their operands as fmt does', () => {
    assert.equal(run('{{print 1 2 "a" 3 "b" "c"}}'), '1 2a3bc');
    assert.equal(run('{{println "a" 1}}'), 'a 1\n');
  });

  it('compares with eq, ne, lt, le, gt and ge', () => {
    assert.equal(run('{{eq 1 1}} {{eq "a" "b" "a"}} {{eq 1 2 3}} {{ne 1 2}}'), 'true true false true');
    assert.equal(run('{{lt 1 2}} {{lt "b" "a"}} {{le 2 2}} {{gt 3 2}} {{ge 1 2}}'), 'true false true true false');
    assert.equal(run('{{eq .Missing "x"}}', {}), 'false');
    fails('{{eq 1 "a"}}', 'template: :1:2: executing "" at <eq 1 "a">: error calling eq: incompatible types for comparison: int and string');
    fails('{{lt true false}}', 'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison');
  });

  it('escapes with html, js and urlquery', () => {
    assert.equal(run('{{html .}}', `<a href="x">&'`), '&lt;a href=&#34;x&#34;&gt;&amp;&#39;');
    assert.equal(run('{{html .Missing}}', {}), '&lt;no value&gt;');
    assert.equal(run('{{js .}}', 'a\'b"c<d>&e=\n'), 'a\\\'b\\"c\\u003Cd\\u003E\\u0026e\\u003D\\u000A');
    assert.equal(run('{{urlquery .}}', 'a b&c=d/é'), 'a+b%26c%3Dd%2F%C3%A9');
  });
});

describe('printf', () => {
  const sprintf = (format: string, args: unknown[]): string =>
    run(`{{printf .F ${args.map((_, i) => `(index .A ${i})`).join(' ')}}}`, { F: format, A: args });

  it('formats strings and values', () => {
    assert.equal(run('{{printf "%-5s|" "ab"}}'), 'ab   |');
    assert.equal(sprintf('%s|%5s|%-6s|%.2s|%q|%v', ['a', 'b', 'c', 'xyz', 'a"b\n', 'v']), 'a|    b|c     |xy|"a\\"b\\n"|v');
    assert.equal(sprintf('%10.3s|', ['abcdef']), '       abc|');
    assert.equal(sprintf('%x %X % x', ['hi', 'hi', 'hi']), '6869 6869 68 69');
  });

  it('formats integers with width, zero padding and signs', () => {
    assert.equal(sprintf('%d|%5d|%-5d|%05d|%+d|%x|%X|%#x|%o|%b', [42, 42, 42, 42, 42, 255, 255, 255, 8, 5]), '42|   42|42   |00042|+42|ff|FF|0xff|10|101');
    assert.equal(sprintf('%05d|%c|%q|%U', [-42, 65, 65, 0x1f600]), '-0042|A|\'A\'|U+1F600');
    assert.equal(run('{{printf "%*d|" 5 42}}'), '   42|');
  });

  it('formats floats', () => {
    assert.equal(sprintf('%08.3f|%.2f|%f|%e|%g', [3.14159, 2.675, 1.5, 123456.789, 0.000012345]), '0003.142|2.67|1.500000|1.234568e+05|1.2345e-05');
    assert.equal(sprintf('%6.2f%%|%+.1f|%08.3f', [12.3456, 2.25, -3.14159]), ' 12.35%|+2.2|-003.142');
    assert.equal(sprintf('%.0f %.0f %.0f', [0.5, 1.5, 2.5]), '0 2 2');
    assert.equal(sprintf('%v %.3v', [0.1, 3.14159]), '0.1 3.14');
  });

  it('formats booleans, slices, maps and structs', () => {
    assert.equal(sprintf('%t %v', [true, false]), 'true false');
    assert.equal(sprintf('%v %d %s', [[1, 'a'], [1, 2], [1]]), '[1 a] [1 2] [%!s(int=1)]');
    assert.equal(sprintf('%v', [{ b: 1, a: 2 }]), 'map[a:2 b:1]');
    assert.equal(sprintf('%v %+v', [{ [GO_TYPE]: 'T', Name: 'x', Size: 1 }, { [GO_TYPE]: 'T', Name: 'x', Size: 1 }]), '{x 1} {Name:x Size:1}');
  });

  it("reports bad verbs and argument counts in fmt's way", () => {
    assert.equal(sprintf('%t|%d|%d|%s', [1, 'x', 1.5, 5]), '%!t(int=1)|%!d(string=x)|%!d(float64=1.5)|%!s(int=5)');
    assert.equal(run('{{printf "%s %v" nil nil}}'), '%!s(<nil>) <nil>');
    assert.equal(run('{{printf "%d %s" 1}}'), '1 %!s(MISSING)');
    assert.equal(run('{{printf "%d" 1 "a"}}'), '1%!(EXTRA string=a)');
    assert.equal(run('{{printf "%[2]s %[1]s" "a" "b"}}'), 'b a');
    assert.equal(run('{{printf "%!"}}'), '%!!(MISSING)');
    assert.equal(run('{{printf "%"}}'), '%!(NOVERB)');
  });
});

describe("docker's template functions", () => {
  it('json encodes as json.Encoder without HTML escaping', () => {
    assert.equal(run('{{json .}}', { a: '<x>' }), '{"a":"<x>"}');
    assert.equal(run('{{json .}}', [1, 'a', null, true, 1.5]), '[1,"a",null,true,1.5]');
    assert.equal(run('{{json .Missing}}', {}), 'null');
    assert.equal(run('{{json .}}', 'line\u2028sep'), '"line\\u2028sep"');
    assert.equal(run('{{json .}}', { [GO_TYPE]: 'T', Name: 'n', ID: () => 'i', Nested: { x: [1] } }), '{"Name":"n","ID":"i","Nested":{"x":[1]}}');
    assert.equal(run('{{json .}}', NaN), '');
  });

  it('split, join, title, lower, upper', () => {
    assert.equal(run('{{split "a,b,c" ","}} {{index (split "a:b" ":") 1}}'), '[a b c] b');
    assert.equal(run('{{join .L ", "}}', { L: ['a', 'b'] }), 'a, b');
    assert.equal(run('{{title "hello wORLD foo_bar x-y"}}'), 'Hello WORLD Foo_bar X-Y');
    assert.equal(run('{{lower "ABC"}} {{upper "abc"}}'), 'abc ABC');
  });

  it('pad and truncate', () => {
    assert.equal(run('{{pad "x" 2 1}}|{{pad "" 2 1}}|'), '  x ||');
    assert.equal(run('{{truncate "abcdef" 3}} {{truncate "ab" 3}}'), 'abc ab');
  });

  it('checks argument counts and types as Go does', () => {
    fails('{{join .L}}', 'template: :1:2: executing "" at <join>: wrong number of args for join: want 2 got 1', { L: [] });
    fails('{{join .L ", "}}', 'template: :1:7: executing "" at <.L>: wrong type for value; expected []string; got []interface {}', { L: [1] });
    fails('{{truncate "abc" "x"}}', 'template: :1:17: executing "" at <"x">: expected integer; found "x"');
  });

  it('takes extra functions, which may replace builtin ones', () => {
    assert.equal(run('{{shout .}}', 'hi', { shout: (s) => `${String(s)}!` }), 'hi!');
    assert.equal(run('{{len .}}', 'abc', { len: () => 'mine' }), 'mine');
  });
});

describe('go template parse errors', () => {
  it("reports Go's messages", () => {
    const cases: [string, string][] = [
      ['{{foo}}', 'template: :1: function "foo" not defined'],
      ['{{if .}}x', 'template: :1: unexpected EOF'],
      ['{{.Foo } }}', 'template: :1: unexpected "}" in operand'],
      ['{{.Foo', 'template: :1: unclosed action'],
      ['{{end}}', 'template: :1: unexpected {{end}}'],
      ['{{else}}', 'template: :1: unexpected {{else}}'],
      ['{{}}', 'template: :1: missing value for command'],
      ['{{if}}{{end}}', 'template: :1: missing value for if'],
      ['{{$x}}', 'template: :1: undefined variable "$x"'],
      ['{{if true}}{{$y := 1}}{{end}}{{$y}}', 'template: :1: undefined variable "$y"'],
      ['{{break}}', 'template: :1: {{break}} outside {{range}}'],
      ['{{"a" | "b"}}', 'template: :1: non executable command in pipeline stage 2'],
      ['{{(1}}', 'template: :1: unclosed left paren'],
      ['{{1)}}', 'template: :1: unexpected right paren'],
      ['{{"abc}}', 'template: :1: unterminated quoted string'],
      ['{{/* x }}', 'template: :1: unclosed comment'],
      ['{{3x}}', 'template: :1: bad number syntax: "3x"'],
      ['a\n\n{{foo}}', 'template: :3: function "foo" not defined'],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseTemplate(text), (e: unknown) => e instanceof TemplateError && e.message === message, text);
    }
  });

  it('reports nil as a command at execution', () => {
    fails('{{nil}}', 'template: :1:2: executing "" at <nil>: nil is not a command');
  });
});
