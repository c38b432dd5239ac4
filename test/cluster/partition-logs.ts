// What a member's log says of a split and its merge (the member logs a line with its time, then
// the message): the lines worth reading beside a lost write, and how many merges it has finished.

const memberPrefix = /\[[\d.]+\]:5701 \[\w+\] \[[\d.]+\] /;
const splitMessage = /^(INFO|WARNING|SEVERE): (?!Connection\[).*(Removing Member|Suspecting|is merging|MERGED|promot|lost|Assigning|backup-timeouts:[1-9]|Repartitioning)/i;

/** The log's messages about suspicions, removals, promotions, repartitioning and merges, each with its time. */
export function splitEvents(log: string): string[] {
  const lines = log.split('\n');
  return lines.flatMap((text, i) => {
    const message = text.replace(memberPrefix, '');
    if (!splitMessage.test(message)) return [];
    const time = / (\d\d:\d\d:\d\d [AP]M) /.exec(lines[i - 1] ?? '')?.[1] ?? '';
    return [`${time} ${message}`];
  });
}

/** How many merges the member has finished: it logs "is MERGED" once its entries went to the other side. */
export const mergesEnded = (log: string) => log.split('is MERGED').length - 1;
