using System.Buffers;
using System.Net.Sockets;

namespace FtpLite.Server.Proxy;

/// <summary>
/// Reads a PROXY protocol header off a freshly accepted socket. It asks the socket for exactly the bytes the
/// parser knows to be the header's (byte by byte only while a v1 line has not ended), so the FTP bytes a client
/// sends after it (pipelined before our greeting) stay in the socket for the session. The header is bounded
/// (<see cref="ProxyHeaderParser.MaxV2Length"/>) and so is the time it may take.
/// </summary>
internal static class ProxyHeaderReader
{
    /// <summary>Reads and parses the header; a timeout or an early end of stream is an invalid header.</summary>
    public static async Task<ProxyParseResult> ReadAsync(Socket socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ProxyHeaderParser.MaxV2Length);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var have = 0;
        try
        {
            while (true)
            {
                var result = ProxyHeaderParser.Parse(buffer.AsSpan(0, have));
                if (result.Status != ProxyParseStatus.NeedMore)
                {
                    return result;
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(have, result.BytesNeeded), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return ProxyParseResult.Bad($"the connection ended inside the PROXY header, after {have} bytes");
                }

                have += read;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProxyParseResult.Bad($"no complete PROXY header within {timeout.TotalSeconds:0.#} s ({have} bytes came)");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
