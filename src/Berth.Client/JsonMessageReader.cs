using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Client;

/// <summary>Reads newline-delimited (or back-to-back) JSON values from a stream as they arrive.</summary>
public static class JsonMessageReader
{
    public static async IAsyncEnumerable<JsonNode> ReadAllAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[8192];
        var length = 0;
        while (true)
        {
            var (node, consumed) = TryParse(buffer.AsSpan(0, length));
            if (consumed > 0)
            {
                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
                if (node is not null)
                {
                    yield return node;
                }

                continue;
            }

            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (buffer.AsSpan(0, length).Trim(" \t\r\n"u8).Length > 0)
                {
                    throw new JsonException("unexpected end of JSON message stream");
                }

                yield break;
            }

            length += n;
        }
    }

    // Returns the parsed value and the bytes it used; (null, k) skips whitespace; (null, 0) needs more data.
    private static (JsonNode? Node, int Consumed) TryParse(ReadOnlySpan<byte> data)
    {
        var ws = 0;
        while (ws < data.Length && data[ws] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            ws++;
        }

        if (ws > 0)
        {
            return (null, ws);
        }

        if (data.IsEmpty)
        {
            return (null, 0);
        }

        var reader = new Utf8JsonReader(data, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || !reader.TrySkip())
            {
                return (null, 0);
            }
        }
        catch (JsonException) when (data.IndexOf((byte)'\n') < 0)
        {
            return (null, 0);
        }

        var used = (int)reader.BytesConsumed;
        return (JsonNode.Parse(data[..used]), used);
    }
}
