// Types only: the renderer imports this file with `import type`, so it must stay free of runtime code.

/** A call from the renderer to the core over a MessagePort. `id` pairs it with its answer. */
export interface PortRequest {
  id: number;
  path: string;
  type: 'query' | 'mutation';
  input: unknown;
}

/** The tRPC error shape (`message`, `code`, `data`), as the router's error formatter makes it. */
export interface PortErrorShape {
  message: string;
  code: number;
  data: { code: string; httpStatus: number; path?: string; stack?: string } & Record<string, unknown>;
}

export type PortResponse =
  | { id: number; result: { data: unknown } }
  | { id: number; error: PortErrorShape };
