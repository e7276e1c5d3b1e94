// WebAssembly's text format compiled to its bytes by wabt (the WebAssembly project's own tools), with the
// vector instructions the engine uses. For scripts/wasm.ts and the test that checks its output.
import wabt from 'wabt';

export async function compileWat(source: string): Promise<Uint8Array> {
  const tools = await wabt();
  const module = tools.parseWat('module.wat', source, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
