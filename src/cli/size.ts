// Sizes on the command line ("8G", "512M") parse as machine sizes do (src/host/size.ts).
export { parseSize } from '../host/size.ts'
