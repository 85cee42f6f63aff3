/**
 * The content brief's first address (Markdown by default), kept so existing links keep working; the brief itself,
 * with its Word version (`?format=docx`), lives in /api/export/brief, whose handler re-checks session, role and scope.
 */
import { GET as briefExport } from "../brief/route";

export const GET = briefExport;
