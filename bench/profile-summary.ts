// Prints the top self-time functions and origins of a `.cpuprofile`:
// `npx tsx bench/profile-summary.ts FILE [top]`.
import { summariseCpuProfile, renderProfileSummary } from './lib/cpuprofile.ts';
import { repoRoot } from './lib/paths.ts';

const [file, top = '30'] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.ts FILE.cpuprofile [top]');
  process.exit(2);
}
process.stdout.write(renderProfileSummary(summariseCpuProfile(file, repoRoot, Number(top)), file));
