using System.Net.Sockets;

namespace FtpLite.Server.Data;

/// <summary>A data connection that a PASV/EPSV or PORT/EPRT command prepared and a transfer command opens.</summary>
internal interface IDataChannel : IDisposable
{
    /// <summary>Opens the connection; throws <see cref="DataConnectionException"/> when it cannot.</summary>
    Task<Socket> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>The data connection could not be opened (425).</summary>
internal sealed class DataConnectionException(string reply) : Exception(reply)
{
    /// <summary>The text of the 425 reply.</summary>
    public string Reply { get; } = reply;
}
