using System.Text;

namespace CloudFreq.Core.Data;

/// <summary>
/// A minimal RFC 4180 reader: comma-separated fields, double-quoted fields that may hold commas,
/// line breaks and doubled quotes; CRLF or LF record ends; blank lines skipped.
/// </summary>
internal static class CsvReader
{
    /// <summary>Parses <paramref name="text"/> into records, each with the 1-based line it starts on.</summary>
    public static List<(int Line, string[] Fields)> Parse(string text, string source)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var inRecord = false;
        var atFieldStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && atFieldStart)
            {
                // Quoted field: read to the closing quote; "" is a literal quote.
                var openedOn = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new CloudFreqException($"{source} line {openedOn}: a quoted field is not closed.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (text[i] == '\n')
                    {
                        line++;
                    }

                    field.Append(text[i]);
                    i++;
                }

                inRecord = true;
                atFieldStart = false;
                continue;
            }

            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                inRecord = true;
                atFieldStart = true;
                i++;
                continue;
            }

            if (c == '\r' || c == '\n')
            {
                EndRecord();
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                recordLine = line;
                continue;
            }

            field.Append(c);
            inRecord = true;
            atFieldStart = false;
            i++;
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            if (inRecord)
            {
                fields.Add(field.ToString());
                records.Add((recordLine, fields.ToArray()));
            }

            fields.Clear();
            field.Clear();
            inRecord = false;
            atFieldStart = true;
        }
    }
}
