namespace FtpLite.Server;

/// <summary>Where a server is in its life.</summary>
public enum FtpServerState
{
    /// <summary>Created, not started.</summary>
    Created,

    /// <summary>Listening and serving.</summary>
    Running,

    /// <summary>Stopping: no new connections, the current ones are being closed.</summary>
    Stopping,

    /// <summary>Stopped.</summary>
    Stopped,
}
