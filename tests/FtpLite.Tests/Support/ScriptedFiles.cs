using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace FtpLite.Tests.Support;

/// <summary>
/// A small working FTP server for <see cref="ScriptedServer"/> scripts: files in memory, passive data over
/// EPSV, RETR/STOR with REST, SIZE, MDTM, HASH, DELE, LIST and NOOP, answered the plain way unless
/// <see cref="Override"/> answers a command (a line) in a server's own way first. Records every command.
/// </summary>
public sealed class ScriptedFiles
{
    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Seen { get; } = new();

    /// <summary>The FEAT lines (without the 211 lines).</summary>
    public string[] Features { get; init; } = ["EPSV", "SIZE", "REST STREAM"];

    /// <summary>Answers a command its own way and returns true, or returns false for the plain answer.</summary>
    public Func<ScriptedConnection, string, ScriptedSession, CancellationToken, Task<bool>>? Override { get; init; }

    public async Task ServeAsync(ScriptedConnection c, CancellationToken token)
    {
        var session = new ScriptedSession();
        await c.SendAsync("220 scripted\r\n");
        while (await c.ReadLineAsync(token) is { } line)
        {
            Seen.Enqueue(line);
            if (Override is not null && await Override(c, line, session, token))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var verb = space < 0 ? line : line[..space];
            var argument = space < 0 ? string.Empty : line[(space + 1)..];
            switch (verb)
            {
                case "USER": await c.SendAsync("331 password\r\n"); break;
                case "PASS": await c.SendAsync("230 ok\r\n"); break;
                case "FEAT": await c.SendAsync("211-Features:\r\n" + string.Concat(Features.Select(f => " " + f + "\r\n")) + "211 End\r\n"); break;
                case "TYPE" or "OPTS" or "NOOP": await c.SendAsync("200 ok\r\n"); break;
                case "PWD": await c.SendAsync($"257 \"{session.Directory}\" is the current directory\r\n"); break;
                case "CWD":
                    if (argument == "/" || Files.Keys.Any(k => k.StartsWith(argument.TrimEnd('/') + "/", StringComparison.Ordinal)))
                    {
                        session.Directory = argument;
                        await c.SendAsync("250 ok\r\n");
                    }
                    else
                    {
                        await c.SendAsync("550 no such folder\r\n");
                    }

                    break;
                case "SIZE":
                    await c.SendAsync(Files.TryGetValue(argument, out var sized) ? $"213 {sized.Length}\r\n" : "550 no such file\r\n");
                    break;
                case "HASH":
                    await c.SendAsync(Files.TryGetValue(argument, out var hashed)
                        ? $"213 SHA-256 0-{Math.Max(0, hashed.Length - 1)} {Convert.ToHexStringLower(SHA256.HashData(hashed))} {argument}\r\n"
                        : "550 no such file\r\n");
                    break;
                case "DELE":
                    await c.SendAsync(Files.TryRemove(argument, out _) ? "250 deleted\r\n" : "550 no such file\r\n");
                    break;
                case "REST":
                    session.Rest = long.Parse(argument, CultureInfo.InvariantCulture);
                    await c.SendAsync("350 restarting\r\n");
                    break;
                case "EPSV":
                    session.Data = await c.AcceptDataAsync(token);
                    break;
                case "RETR":
                    if (!Files.TryGetValue(argument, out var content))
                    {
                        await c.SendAsync("550 no such file\r\n");
                        break;
                    }

                    await c.SendAsync("150 here it comes\r\n");
                    using (var data = session.TakeData())
                    {
                        await data.GetStream().WriteAsync(content.AsMemory((int)Math.Min(session.Rest, content.Length)), token);
                    }

                    session.Rest = 0;
                    await c.SendAsync("226 done\r\n");
                    break;
                case "STOR":
                    await c.SendAsync("150 send it\r\n");
                    using (var data = session.TakeData())
                    {
                        var kept = Files.TryGetValue(argument, out var old) ? old.AsSpan(0, (int)Math.Min(session.Rest, old.Length)).ToArray() : [];
                        using var received = new MemoryStream();
                        received.Write(kept);
                        await data.GetStream().CopyToAsync(received, token);
                        Files[argument] = received.ToArray();
                    }

                    session.Rest = 0;
                    await c.SendAsync("226 stored\r\n");
                    break;
                case "LIST":
                    await c.SendAsync("150 listing\r\n");
                    using (var data = session.TakeData())
                    {
                        var lines = Files.Where(f => f.Key == argument || FtpLite.Protocol.FtpPath.GetParent(f.Key) == argument)
                            .Select(f => $"-rw-r--r-- 1 1 1 {f.Value.Length} Dec 02 03:07 {FtpLite.Protocol.FtpPath.GetName(f.Key)}\r\n");
                        await data.GetStream().WriteAsync(Encoding.UTF8.GetBytes(string.Concat(lines)), token);
                    }

                    await c.SendAsync("226 done\r\n");
                    break;
                case "QUIT":
                    await c.SendAsync("221 bye\r\n");
                    return;
                default:
                    await c.SendAsync("502 no\r\n");
                    break;
            }
        }
    }
}

/// <summary>What one scripted control connection remembers between commands.</summary>
public sealed class ScriptedSession
{
    public string Directory { get; set; } = "/";

    public long Rest { get; set; }

    public TcpClient? Data { get; set; }

    public TcpClient TakeData()
    {
        var data = Data ?? throw new InvalidOperationException("The client sent a transfer command without EPSV.");
        Data = null;
        return data;
    }
}
