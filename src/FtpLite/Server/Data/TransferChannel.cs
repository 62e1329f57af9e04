using System.Net.Sockets;

namespace FtpLite.Server.Data;

/// <summary>An open data connection as a transfer body sees it.</summary>
/// <param name="Stream">The connection; reads and writes restart the stall timeout.</param>
/// <param name="PlainSocket">The socket when the connection is not encrypted, for zero-copy sends; null over TLS.</param>
/// <param name="KeepAlive">Restarts the stall timeout, for work the stream does not see (zero-copy sends).</param>
internal sealed record TransferChannel(Stream Stream, Socket? PlainSocket, Action KeepAlive);
