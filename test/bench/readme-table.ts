// The README shows the latest full run: `npm run bench` (not --quick) rewrites the part between
// these markers, so the figures there are always the ones in results/latest.md.
export const README_START = '<!-- bench:start (written by npm run bench) -->';
export const README_END = '<!-- bench:end -->';

export function withBenchTable(readme: string, markdown: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no "${README_START}" ... "${README_END}" section`);
  return `${readme.slice(0, start + README_START.length)}\n${markdown.trim()}\n${readme.slice(end)}`;
}
