namespace FtpLite.Server.Commands;

/// <summary>STOR: stores a file, replacing any file of that name once the upload is complete.</summary>
internal sealed class StorCommand() : FtpCommandHandler("STOR")
{
    public override Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken) =>
        UploadCommand.HandleAsync(connection, argument, append: false, cancellationToken);
}
