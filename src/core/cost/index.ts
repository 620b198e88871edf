// Cost: what each invocation, trace and function costs, and what right-sizing memory would save. No `vscode`.
export * from './prices';
export * from './architecture';
export * from './invocation';
export * from './options';
export * from './functions';
export * from './services';
export * from './declared';
export * from './model';
export * from './format';
export * from './range';
