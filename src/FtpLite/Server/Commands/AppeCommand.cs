namespace FtpLite.Server.Commands;

/// <summary>APPE: appends to a file (creating it when missing).</summary>
internal sealed class AppeCommand() : FtpCommandHandler("APPE")
{
    public override Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken) =>
        UploadCommand.HandleAsync(connection, argument, append: true, cancellationToken);
}
