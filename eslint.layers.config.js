import tseslint from 'typescript-eslint';
import { layerRules } from './eslint.layers.js';
import { ignores } from './eslint.ignores.js';

export default tseslint.config({ ignores }, { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } }, ...layerRules);
