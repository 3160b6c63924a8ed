/** The MCP server's spend limit by default: submits one server process makes at most (`--max-submits`). */
export const DEFAULT_MAX_SUBMITS = 10;
