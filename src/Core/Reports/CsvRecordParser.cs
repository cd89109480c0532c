using System.Text;

namespace CloudFreq.Core.Reports;

/// <summary>
/// A small RFC 4180 record parser: fields split by commas, quoted fields may hold commas, doubled
/// quotes and line breaks; records end at LF or CRLF. Blank lines are skipped. Malformed quoting
/// is an error naming the source and line, rather than a silently shifted row.
/// </summary>
internal sealed class CsvRecordParser(TextReader reader, string sourceName)
{
    private int _line = 1;

    /// <summary>The next record, or null at the end of the input.</summary>
    public CsvRecord? Next()
    {
        while (true)
        {
            if (reader.Peek() < 0)
            {
                return null;
            }

            // Skip blank lines (a trailing newline at the end of the file is the common case).
            if (reader.Peek() == '\n')
            {
                reader.Read();
                _line++;
                continue;
            }

            if (reader.Peek() == '\r')
            {
                reader.Read();
                if (reader.Peek() == '\n')
                {
                    reader.Read();
                }

                _line++;
                continue;
            }

            return ReadRecord();
        }
    }

    private CsvRecord ReadRecord()
    {
        var startLine = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            var next = reader.Peek();
            if (next == '"')
            {
                if (field.Length > 0)
                {
                    throw Error(_line, "a quote inside an unquoted field (quote the whole field and double inner quotes)");
                }

                reader.Read();
                ReadQuoted(field);
                next = reader.Peek();
                if (next >= 0 && next != ',' && next != '\n' && next != '\r')
                {
                    throw Error(_line, $"'{(char)next}' after a closing quote; expected ',' or the end of the line");
                }
            }

            next = reader.Read();
            switch (next)
            {
                case -1:
                    fields.Add(field.ToString());
                    return new CsvRecord(startLine, fields);
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                case '\n':
                    if (next == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    _line++;
                    fields.Add(field.ToString());
                    return new CsvRecord(startLine, fields);
                case '"':
                    throw Error(_line, "a quote inside an unquoted field (quote the whole field and double inner quotes)");
                default:
                    field.Append((char)next);
                    break;
            }
        }
    }

    private CloudFreqException Error(int line, string problem) => new($"{sourceName}:{line}: {problem}.");

    private void ReadQuoted(StringBuilder field)
    {
        var openedOn = _line;
        while (true)
        {
            var next = reader.Read();
            switch (next)
            {
                case -1:
                    throw Error(openedOn, "a quoted field is never closed");
                case '"' when reader.Peek() == '"':
                    reader.Read();
                    field.Append('"');
                    break;
                case '"':
                    return;
                case '\n':
                    _line++;
                    field.Append('\n');
                    break;
                case '\r':
                    // A CRLF inside a quoted field counts as one line break.
                    if (reader.Peek() != '\n')
                    {
                        _line++;
                    }

                    field.Append('\r');
                    break;
                default:
                    field.Append((char)next);
                    break;
            }
        }
    }
}
