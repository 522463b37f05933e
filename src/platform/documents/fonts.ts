import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The DejaVu font files shipped with the project (the `dejavu-fonts-ttf` package), never a system path. */
const fontDirectory = (): string => join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** Font files by the names documents use; PDF/A needs every font embedded, so no standard 14 fonts. */
export const documentFonts = (): Record<'regular' | 'bold' | 'italic' | 'mono', string> => {
  const dir = fontDirectory();
  return {
    regular: join(dir, 'DejaVuSans.ttf'),
    bold: join(dir, 'DejaVuSans-Bold.ttf'),
    italic: join(dir, 'DejaVuSans-Oblique.ttf'),
    mono: join(dir, 'DejaVuSansMono.ttf'),
  };
};
