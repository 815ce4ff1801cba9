using System.Text;

namespace Berth.Cli.Formatting;

/// <summary>
/// Go's text/tabwriter (padchar ' ', no flags): tab-terminated cells form columns per block of
/// consecutive lines; a column is as wide as its widest cell plus padding, at least minWidth.
/// The last cell of a line is not part of a column.
/// </summary>
internal static class TabWriter
{
    public static string Format(string text, int minWidth, int padding)
    {
        var rawLines = text.Split('\n');
        var lines = rawLines.Select(l => l.Split('\t')).ToList();
        var sb = new StringBuilder(text.Length + 64);
        var widths = new List<int>();
        FormatBlock(lines, 0, lines.Count, widths, minWidth, padding, sb);
        // Split leaves one trailing empty line for text ending in '\n'.
        if (sb.Length > 0 && text.EndsWith('\n'))
        {
            sb.Length--;
        }

        return sb.ToString();
    }

    private static void FormatBlock(List<string[]> lines, int line0, int line1, List<int> widths, int minWidth, int padding, StringBuilder sb)
    {
        var column = widths.Count;
        for (var current = line0; current < line1; current++)
        {
            if (column >= lines[current].Length - 1)
            {
                continue;
            }

            WriteLines(lines, line0, current, widths, sb);
            line0 = current;
            var width = minWidth;
            for (; current < line1; current++)
            {
                if (column >= lines[current].Length - 1)
                {
                    break;
                }

                width = Math.Max(width, CellWidth(lines[current][column]) + padding);
            }

            widths.Add(width);
            FormatBlock(lines, line0, current, widths, minWidth, padding, sb);
            widths.RemoveAt(widths.Count - 1);
            line0 = current;
            current--;
        }

        WriteLines(lines, line0, line1, widths, sb);
    }

    private static void WriteLines(List<string[]> lines, int from, int to, List<int> widths, StringBuilder sb)
    {
        for (var i = from; i < to; i++)
        {
            var cells = lines[i];
            for (var j = 0; j < cells.Length; j++)
            {
                sb.Append(cells[j]);
                if (j < widths.Count && j < cells.Length - 1)
                {
                    sb.Append(' ', Math.Max(0, widths[j] - CellWidth(cells[j])));
                }
            }

            sb.Append('\n');
        }
    }

    private static int CellWidth(string cell)
    {
        var n = 0;
        foreach (var _ in cell.EnumerateRunes())
        {
            n++;
        }

        return n;
    }
}
