using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace CloudFreq.Core.Data;

/// <summary>
/// Reads plain-data Python pickles (protocols 0 to 5): strings, bytes, numbers, None, booleans,
/// lists, tuples and dicts. Enough for CIFAR's <c>batches.meta</c> / <c>meta</c>; anything that
/// would construct objects (GLOBAL, REDUCE, ...) is refused, so reading is safe.
/// </summary>
/// <remarks>
/// Results: string (str, and Python 2 str read as UTF-8), byte[] (bytes), long, BigInteger,
/// double, bool, null, List&lt;object?&gt; (list), object?[] (tuple), Dictionary&lt;object, object?&gt; (dict).
/// </remarks>
internal sealed class PickleReader
{
    private readonly byte[] data;
    private readonly string source;
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];
    private int position;

    private PickleReader(byte[] data, string source)
    {
        this.data = data;
        this.source = source;
    }

    /// <summary>Unpickles <paramref name="data"/>; errors name <paramref name="source"/>.</summary>
    public static object? Read(byte[] data, string source) => new PickleReader(data, source).Run();

    private object? Run()
    {
        while (true)
        {
            var at = position;
            var opcode = Byte();
            switch (opcode)
            {
                case 0x80: Byte(); break; // PROTO
                case 0x95: Bytes(8); break; // FRAME
                case (byte)'.': return Pop(); // STOP
                case (byte)'(': marks.Push(stack.Count); break; // MARK
                case (byte)'}': stack.Add(new Dictionary<object, object?>()); break;
                case (byte)']': stack.Add(new List<object?>()); break;
                case (byte)')': stack.Add(Array.Empty<object?>()); break;
                case (byte)'l': stack.Add(new List<object?>(PopToMark())); break;
                case (byte)'t': stack.Add(PopToMark()); break;
                case (byte)'d': stack.Add(ToDictionary(PopToMark(), new Dictionary<object, object?>())); break;
                case 0x85: stack.Add(new[] { Pop() }); break; // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); stack.Add(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); stack.Add(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'a': { var item = Pop(); Top<List<object?>>(at).Add(item); break; } // APPEND
                case (byte)'e': { var items = PopToMark(); Top<List<object?>>(at).AddRange(items); break; } // APPENDS
                case (byte)'s': { var value = Pop(); var key = Pop(); Top<Dictionary<object, object?>>(at)[Key(key)] = value; break; } // SETITEM
                case (byte)'u': { var items = PopToMark(); ToDictionary(items, Top<Dictionary<object, object?>>(at)); break; } // SETITEMS
                case (byte)'p': memo[long.Parse(Line(), CultureInfo.InvariantCulture)] = Peek(); break; // PUT
                case (byte)'q': memo[Byte()] = Peek(); break; // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))] = Peek(); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = Peek(); break; // MEMOIZE
                case (byte)'g': stack.Add(Memo(long.Parse(Line(), CultureInfo.InvariantCulture), at)); break; // GET
                case (byte)'h': stack.Add(Memo(Byte(), at)); break; // BINGET
                case (byte)'j': stack.Add(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)), at)); break; // LONG_BINGET
                case (byte)'U': stack.Add(Utf8(Bytes(Byte()))); break; // SHORT_BINSTRING
                case (byte)'T': stack.Add(Utf8(Bytes(Length32()))); break; // BINSTRING
                case (byte)'S': stack.Add(QuotedString(Line(), at)); break; // STRING
                case 0x8c: stack.Add(Utf8(Bytes(Byte()))); break; // SHORT_BINUNICODE
                case (byte)'X': stack.Add(Utf8(Bytes(Length32()))); break; // BINUNICODE
                case 0x8d: stack.Add(Utf8(Bytes(Length64()))); break; // BINUNICODE8
                case (byte)'V': stack.Add(Regex.Unescape(Line())); break; // UNICODE (raw-unicode-escape)
                case (byte)'C': stack.Add(Bytes(Byte()).ToArray()); break; // SHORT_BINBYTES
                case (byte)'B': stack.Add(Bytes(Length32()).ToArray()); break; // BINBYTES
                case 0x8e: stack.Add(Bytes(Length64()).ToArray()); break; // BINBYTES8
                case (byte)'K': stack.Add((long)Byte()); break; // BININT1
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break; // BININT2
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break; // BININT
                case (byte)'I': stack.Add(IntLine(Line())); break; // INT
                case (byte)'L': stack.Add(BigInteger.Parse(Line().TrimEnd('L'), CultureInfo.InvariantCulture)); break; // LONG
                case 0x8a: stack.Add(new BigInteger(Bytes(Byte()), isUnsigned: false, isBigEndian: false)); break; // LONG1
                case 0x8b: stack.Add(new BigInteger(Bytes(Length32()), isUnsigned: false, isBigEndian: false)); break; // LONG4
                case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Bytes(8))); break; // BINFLOAT
                case (byte)'F': stack.Add(double.Parse(Line(), CultureInfo.InvariantCulture)); break; // FLOAT
                case (byte)'N': stack.Add(null); break; // NONE
                case 0x88: stack.Add(true); break; // NEWTRUE
                case 0x89: stack.Add(false); break; // NEWFALSE
                case (byte)'0': Pop(); break; // POP
                case (byte)'1': PopToMark(); break; // POP_MARK
                case (byte)'2': stack.Add(Peek()); break; // DUP
                default:
                    throw new CloudFreqException(
                        $"{source}: unsupported pickle opcode 0x{opcode:X2} at byte {at}; only plain lists, dicts and strings can be read.");
            }
        }
    }

    private byte Byte()
    {
        if (position >= data.Length)
        {
            throw Truncated();
        }

        return data[position++];
    }

    private ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0 || count > data.Length - position)
        {
            throw Truncated();
        }

        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    private int Length32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

    private int Length64()
    {
        var length = BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));
        return length > int.MaxValue ? throw Truncated() : (int)length;
    }

    private string Line()
    {
        var end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0)
        {
            throw Truncated();
        }

        var line = Encoding.UTF8.GetString(data, position, end - position);
        position = end + 1;
        return line;
    }

    private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    private static object IntLine(string line) => line switch
    {
        "00" => false,
        "01" => true,
        _ => long.Parse(line, CultureInfo.InvariantCulture),
    };

    private string QuotedString(string line, int at)
    {
        var trimmed = line.TrimEnd();
        if (trimmed.Length < 2 || (trimmed[0] != '\'' && trimmed[0] != '"') || trimmed[^1] != trimmed[0])
        {
            throw new CloudFreqException($"{source}: malformed STRING at byte {at}.");
        }

        return Regex.Unescape(trimmed[1..^1]);
    }

    private object? Pop()
    {
        if (stack.Count == 0 || (marks.Count > 0 && marks.Peek() == stack.Count))
        {
            throw Malformed();
        }

        var item = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return item;
    }

    private object? Peek() => stack.Count == 0 ? throw Malformed() : stack[^1];

    private T Top<T>(int at)
        where T : class =>
        Peek() as T ?? throw new CloudFreqException($"{source}: malformed pickle at byte {at} (expected a {typeof(T).Name} on the stack).");

    private object?[] PopToMark()
    {
        if (marks.Count == 0)
        {
            throw Malformed();
        }

        var mark = marks.Pop();
        var items = stack.GetRange(mark, stack.Count - mark).ToArray();
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }

    private object? Memo(long key, int at) =>
        memo.TryGetValue(key, out var value) ? value : throw new CloudFreqException($"{source}: malformed pickle at byte {at} (memo {key} unset).");

    private Dictionary<object, object?> ToDictionary(object?[] items, Dictionary<object, object?> target)
    {
        if (items.Length % 2 != 0)
        {
            throw Malformed();
        }

        for (var i = 0; i < items.Length; i += 2)
        {
            target[Key(items[i])] = items[i + 1];
        }

        return target;
    }

    private object Key(object? key) => key ?? throw new CloudFreqException($"{source}: a pickle dict has a None key.");

    private CloudFreqException Truncated() => new($"{source}: the pickle is truncated at byte {position}.");

    private CloudFreqException Malformed() => new($"{source}: malformed pickle at byte {position}.");
}
