// docker's inspect output without an engine: Go's json.Indent/Compact over the engine's text, the
// typed view templates see (zero values, nil slices, time.Time, omitempty JSON), and the raw
// fallback with missingkey=error. The conformance test compares the same with docker on engines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationString, inspectView } from '../../src/domain/images/inspect-view.js';
import { jsonCompact, jsonIndent } from '../../src/domain/text/go-json.js';
import { parseTemplate } from '../../src/domain/text/go-template.js';
import { inspectFormat, inspectLine, inspectText } from '../../src/shell/docker-inspect.js';
import { CommandError } from '../../src/shell/command.js';

const DOC = JSON.stringify({
  Id: 'sha256:abc',
  RepoTags: ['a:1'],
  RepoDigests: [],
  Comment: 'x <y> & "z"',
  Created: '2026-12-05T13:19:28.247938007Z',
  Config: { Cmd: ['/bin/sh'], Env: null, Labels: { z: '1', a: '2' }, ExposedPorts: { '80/tcp': {} }, Healthcheck: { Test: ['CMD', 'true'], Interval: 90_500_000_000 } },
  Architecture: 'amd64',
  Os: 'linux',
  Size: 1984132,
  GraphDriver: { Data: null, Name: 'overlayfs' },
  RootFS: { Type: 'layers', Layers: ['sha256:1'] },
  Metadata: { LastTagTime: '2026-12-06T08:48:05.8862Z' },
}).replace('<y>', '\\u003cy\\u003e');

const line = (template: string, doc = DOC) => inspectLine(parseTemplate(template), doc);

describe('Go json.Indent and json.Compact', () => {
  it('keep the text as written: key order, escapes, numbers; empty containers stay {} and []', () => {
    assert.equal(jsonIndent('{"b":[1, 2],"a":{},"c":[],"s":"a,b:\\"{\\u003c"}'), '{\n    "b": [\n        1,\n        2\n    ],\n    "a": {},\n    "c": [],\n    "s": "a,b:\\"{\\u003c"\n}');
    assert.equal(jsonCompact('[ {"a" : 1 ,\n "b":"x y"} ]\n'), '[{"a":1,"b":"x y"}]');
  });
});

describe('docker inspect output', () => {
  it('no format: the documents in an array, indented by four; json: compact; none found: []', () => {
    assert.equal(inspectText({ kind: 'indent' }, ['{"Id":"a"}\n', '{"Id":"b"}'], []), '[\n    {\n        "Id": "a"\n    },\n    {\n        "Id": "b"\n    }\n]\n');
    assert.equal(inspectText({ kind: 'json' }, ['{"Id": "a"}\n'], []), '[{"Id":"a"}]\n');
    assert.equal(inspectText({ kind: 'indent' }, [], []), '[]\n');
    assert.equal(inspectText(inspectFormat('{{.Id}}'), [], []), '\n');
  });

  it('a template that does not parse: docker\'s words and exit 64', () => {
    assert.throws(() => inspectFormat('{{.Id'), (e: unknown) => e instanceof CommandError && e.exitCode === 64 && e.message === 'template parsing error: template: :1: unclosed action');
  });

  it('templates see docker\'s types: zero values for what the engine left out, nil slices, Go times and durations', () => {
    assert.equal(line('{{.ID}} {{.Parent}}|{{.VirtualSize}} {{.Variant}}|{{.Config.User}}|{{.Config.Env}} {{json .Config.Env}}'), 'sha256:abc |0 ||[] null\n');
    assert.equal(line('{{.Config.ExposedPorts}} {{.Config.Volumes}} {{json .Config.Volumes}} {{.ContainerConfig}} {{.Descriptor}}'), 'map[80/tcp:{}] map[] null <nil> <nil>\n');
    assert.equal(line('{{.Metadata.LastTagTime}}|{{.Metadata}}|{{json .Metadata}}'), '2026-12-06 08:48:05.8862 +0000 UTC|{2026-12-06 08:48:05.8862 +0000 UTC}|{"LastTagTime":"2026-12-06T08:48:05.8862Z"}\n');
    assert.equal(line('{{.Config.Healthcheck.Interval}} {{.Config.Healthcheck.Timeout}} {{json .Config.Healthcheck}}'), '1m30.5s 0s {"Test":["CMD","true"],"Interval":90500000000}\n');
    // (a pointer inside a struct is an address in Go: not modelled, so no Healthcheck here)
    const plain = JSON.stringify({ Config: { Cmd: ['/bin/sh'], Labels: { z: '1', a: '2' }, ExposedPorts: { '80/tcp': {} } } });
    assert.equal(line('{{.Config}}', plain), '{{ map[80/tcp:{}] [] [] [/bin/sh] map[]  map[a:2 z:1]  false} {<nil> [] []}}\n');
  });

  it('{{json}} writes the struct as encoding/json does: field order, omitempty, embedded structs flattened, map keys sorted', () => {
    assert.equal(line('{{json .Config}}'), '{"ExposedPorts":{"80/tcp":{}},"Cmd":["/bin/sh"],"Labels":{"a":"2","z":"1"},"Healthcheck":{"Test":["CMD","true"],"Interval":90500000000}}\n');
    assert.equal(line('{{json .RootFS}} {{json .GraphDriver}} {{json .Descriptor}}'), '{"Type":"layers","Layers":["sha256:1"]} {"Data":null,"Name":"overlayfs"} null\n');
    assert.match(line('{{json .}}'), /^\{"Id":"sha256:abc","RepoTags":\["a:1"\],"RepoDigests":\[\],"Parent":"","Comment":"x <y> & \\"z\\"","Created":"[^"]+","DockerVersion":"","Author":"","Config":/);
  });

  it('a field docker\'s type lacks: the raw document, where a missing key is an error', () => {
    const doc = JSON.stringify({ Id: 'x', Config: { Hostname: 'h' }, Extra: { A: 1 } });
    assert.equal(line('{{.Config.Hostname}} {{.Extra.A}}', doc), 'h 1\n');
    assert.throws(() => line('{{.Config.Nope}}', doc), { message: 'template parsing error: template: :1:9: executing "" at <.Config.Nope>: map has no entry for key "Nope"' });
  });

  it('Go durations as time.Duration.String prints them', () => {
    const cases: [number, string][] = [[0, '0s'], [1, '1ns'], [1500, '1.5µs'], [2_000_000, '2ms'], [1e9, '1s'], [61e9, '1m1s'], [3600e9, '1h0m0s'], [-90e9, '-1m30s']];
    for (const [ns, text] of cases) assert.equal(durationString(ns), text);
  });

  it('the typed view has every field of docker\'s type, in its order', () => {
    const names = Object.keys(inspectView({}));
    assert.deepEqual(names.slice(0, 8), ['ID', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'Container', 'ContainerConfig']);
    assert.deepEqual(names.slice(-5), ['GraphDriver', 'RootFS', 'Metadata', 'Descriptor', 'Manifests']);
  });
});
