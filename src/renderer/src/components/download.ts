/**
 * Offers bytes to the user as a download (the desktop app asks where to save
 * it). Kept out of ExportDialog.tsx, which is loaded lazily.
 */
export function saveInBrowser(name: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
