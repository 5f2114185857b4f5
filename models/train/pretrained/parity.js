// Parity test of the nsfwjs@4.4.0 MobileNetV2 with @tensorflow/tfjs (pure-JS CPU backend).
//   node models/train/pretrained/parity.js <unpacked package dir> <node_modules dir> <input dir>
// <input dir> holds NAME.rgb files: raw 224x224x3 uint8 RGB, row-major (written by parity_check.py).
// Prints JSON {name: {logits, probs, features}}: the pipeline of nsfwjs' infer()
// (pixels / 255, no resize at 224 px), logits = dense_3 pre-softmax (dense_2 output
// times the dense_3 kernel plus bias), features = average_pooling2d_1 output (1280).
const fs = require("fs");
const path = require("path");
const [pkg, modules, inputDir] = process.argv.slice(2);
const tf = require(path.join(path.resolve(modules), "@tensorflow/tfjs"));

async function main() {
  await tf.setBackend("cpu");
  const dir = path.join(path.resolve(pkg), "dist/models/mobilenet_v2");
  const modelJson = require(path.join(dir, "model.min.js"));
  const shard = require(path.join(dir, "group1-shard1of1.min.js"));
  const bytes = Buffer.from(shard, "base64");
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const handler = {
    load: async () => ({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData,
    }),
  };
  const model = await tf.loadLayersModel(handler);
  const layer = (n) => model.layers.find((l) => l.name === n);
  const probe = tf.model({ inputs: model.inputs, outputs: [layer("average_pooling2d_1").output, layer("dense_2").output] });
  const [k3, b3] = layer("dense_3").getWeights();
  const out = { backend: tf.getBackend(), tfjs: tf.version.tfjs };
  for (const f of fs.readdirSync(inputDir).filter((f) => f.endsWith(".rgb")).sort()) {
    const raw = fs.readFileSync(path.join(inputDir, f));
    const res = tf.tidy(() => {
      const img = tf.tensor3d(new Uint8Array(raw), [224, 224, 3], "int32");
      const x = img.toFloat().div(tf.scalar(255)).reshape([1, 224, 224, 3]);
      const probs = model.predict(x);
      const [pooled, h2] = probe.predict(x);
      const logits = h2.matMul(k3).add(b3);
      return [logits.dataSync(), probs.dataSync(), pooled.dataSync()];
    });
    out[f.replace(/\.rgb$/, "")] = { logits: Array.from(res[0]), probs: Array.from(res[1]), features: Array.from(res[2]) };
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => { console.error(e); process.exit(1); });
