using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands.Containers;

/// <summary>formatter.DisplayablePorts: "0.0.0.0:8080->80/tcp, 53/udp", consecutive ports folded into ranges.</summary>
internal static class PortList
{
    public static string Display(JsonArray ports)
    {
        var groups = new List<(string Key, int First, int Last, string Ip, int Public, string Proto)>();
        var entries = ports.OfType<JsonObject>()
            .Select(p => (Ip: (string?)p["IP"] ?? string.Empty, Private: (int)(Images.ImageRows.Long(p["PrivatePort"]) ?? 0), Public: (int)(Images.ImageRows.Long(p["PublicPort"]) ?? 0), Proto: (string?)p["Type"] ?? "tcp"))
            .OrderBy(p => p.Ip, StringComparer.Ordinal).ThenBy(p => p.Private).ThenBy(p => p.Public).ThenBy(p => p.Proto, StringComparer.Ordinal);
        var result = new List<string>();
        (string Ip, int Private, int Public, string Proto, int Last)? run = null;
        foreach (var p in entries)
        {
            if (run is { } r && r.Ip == p.Ip && r.Proto == p.Proto && p.Private == r.Last + 1 && (p.Public == 0 ? r.Public == 0 : p.Public - p.Private == r.Public - r.Private))
            {
                run = r with { Last = p.Private };
                continue;
            }

            if (run is { } done)
            {
                result.Add(Format(done.Ip, done.Private, done.Last, done.Public, done.Proto));
            }

            run = (p.Ip, p.Private, p.Public, p.Proto, p.Private);
        }

        if (run is { } tail)
        {
            result.Add(Format(tail.Ip, tail.Private, tail.Last, tail.Public, tail.Proto));
        }

        return string.Join(", ", result);
    }

    private static string Format(string ip, int first, int last, int publicPort, string proto)
    {
        var privateText = Range(first, last);
        if (publicPort == 0)
        {
            return $"{privateText}/{proto}";
        }

        var host = ip.Contains(':') ? $"[{ip}]" : ip;
        return $"{host}:{Range(publicPort, publicPort + last - first)}->{privateText}/{proto}";
    }

    private static string Range(int first, int last) =>
        first == last ? first.ToString(CultureInfo.InvariantCulture) : $"{first}-{last}";
}
