// Files to and from the engine, which takes and gives their bytes as base64.
// (Offering a file as a download is in components/download.ts: the stores,
// type-checked with the engine too, stay free of the DOM.)

/** What an upload needs of a file: its name and bytes (a browser File has both). */
export interface FileLike {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A file as the engine's upload methods take it. */
export async function toUpload(file: FileLike): Promise<{ name: string; base64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, base64: btoa(binary) };
}

export function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
