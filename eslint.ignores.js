export const ignores = ['**/node_modules/**', '**/dist/**', '**/dist-types/**', '**/out/**', '**/release/**', '**/.data/**', '**/*.js', '**/*.cjs'];
