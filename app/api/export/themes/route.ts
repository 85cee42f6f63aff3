/**
 * The content brief's first address (Markdown by default), kept so existing links keep working; the brief itself,
 * with its Word version (`?format=docx`), lives in /api/export/brief.
 */
export { GET } from "../brief/route";
