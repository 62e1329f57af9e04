using FtpLite.Client;

namespace FtpLite.PowerShell;

/// <summary>An open FTP connection as PowerShell sees it; Connect-FtpLite outputs one.</summary>
public sealed class FtpLiteSession
{
    private static int s_nextId;

    internal FtpLiteSession(FtpClient client, string name, string computerName)
    {
        Client = client;
        Id = Interlocked.Increment(ref s_nextId);
        Name = string.IsNullOrEmpty(name) ? $"FtpLite{Id}" : name;
        ComputerName = computerName;
        ConnectedAt = DateTime.Now;
    }

    /// <summary>A number unique in this process.</summary>
    public int Id { get; }

    /// <summary>The name given with -Name, or FtpLiteN.</summary>
    public string Name { get; }

    /// <summary>The host connected to.</summary>
    public string ComputerName { get; }

    /// <summary>The control port.</summary>
    public int Port => Client.Options.Port;

    /// <summary>The user logged in as.</summary>
    public string UserName => Client.UserName;

    /// <summary>
    /// Connected; Dropped when the server closed the connection (an idle timeout, say) and the next command will
    /// open it again; Closed once disconnected.
    /// </summary>
    public string State => Client.IsClosed ? "Closed" : Client.IsConnected ? "Connected" : "Dropped";

    /// <summary>True for the session cmdlets use when -Session is not given.</summary>
    public bool IsDefault => ReferenceEquals(Internal.SessionStore.Default, this);

    /// <summary>True when the control and data connections are encrypted (FTPS).</summary>
    public bool Encrypted => Client.IsEncrypted;

    /// <summary>The remote working directory.</summary>
    public string WorkingDirectory => Client.WorkingDirectory;

    /// <summary>When the session was opened.</summary>
    public DateTime ConnectedAt { get; }

    /// <summary>The server's greeting.</summary>
    public string Greeting => Client.Greeting;

    /// <summary>The core client; for scripts that need a raw command (Client.ExecuteAsync).</summary>
    public FtpClient Client { get; }

    /// <inheritdoc />
    public override string ToString() => $"ftp://{UserName}@{ComputerName}:{Port}{WorkingDirectory}";
}
