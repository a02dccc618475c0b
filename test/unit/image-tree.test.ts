// `images --tree` against what docker 28.5.2 printed for the same engine answer (recorded: an
// image with one short tag, so the platform row sets the first column's width, in use by a
// container: the U chip). The conformance tests compare with docker live; this one pins the case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageTree } from '../../src/domain/images/image-tree.js';
import { toImageSummary, type ApiImage } from '../../src/engine/api/convert.js';

const API = "[{\"Containers\":1,\"Created\":1796576239,\"Id\":\"sha256:e8a97803b6c1386d6dd1c00cab9e2fb8375eca36daf4f1618ac938e08d285788\",\"Labels\":{\"imgsh.fixture\":\"busybox\",\"imgsh.tree\":\"short\"},\"ParentId\":\"sha256:3e78a4e321b6d7c39deb5c8ff0c9196ec8bd2f0c89e76fa6d2ab6de630b334e4\",\"Descriptor\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:e8a97803b6c1386d6dd1c00cab9e2fb8375eca36daf4f1618ac938e08d285788\",\"size\":530},\"Manifests\":[{\"ID\":\"sha256:e8a97803b6c1386d6dd1c00cab9e2fb8375eca36daf4f1618ac938e08d285788\",\"Descriptor\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:e8a97803b6c1386d6dd1c00cab9e2fb8375eca36daf4f1618ac938e08d285788\",\"size\":530},\"Available\":true,\"Size\":{\"Content\":1085074,\"Total\":3075730},\"Kind\":\"image\",\"ImageData\":{\"Platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\"Size\":{\"Unpacked\":1990656},\"Containers\":[\"d0b4bb8ed70822a3c9ae4c80a406a8dfceb5f8ced81634bd06c2466119cdc6db\"]}}],\"RepoDigests\":[\"t@sha256:e8a97803b6c1386d6dd1c00cab9e2fb8375eca36daf4f1618ac938e08d285788\"],\"RepoTags\":[\"t:1\"],\"SharedSize\":-1,\"Size\":3075730}]";

const DOCKER = "WARNING: This is an experimental feature. The output may change and shouldn't be depended on.\n                                                              Info ->  U In Use \n\n\u001b[39m\u001b[1mIMAGE\u001b[0m                \u001b[39m\u001b[1mID\u001b[0m             \u001b[39m\u001b[1mDISK USAGE\u001b[0m   \u001b[39m\u001b[1mCONTENT SIZE\u001b[0m   \u001b[39m\u001b[1mEXTRA\u001b[0m\nt:1                  e8a97803b6c1       3.08MB         1.09MB   U    \n\u2514\u2500 linux/amd64       e8a97803b6c1       3.08MB         1.09MB   U    \n\n";

test('a short name: the platform row is the widest (Go counts bytes: "└─ " is 7), the chip of an image in use', () => {
  const images = (JSON.parse(API) as ApiImage[]).map(toImageSummary);
  assert.equal(imageTree(images, null), DOCKER);
});
