using FtpLite.Server.Transfers;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>STOR: stores a file, replacing any file of that name once the upload is complete.</summary>
internal sealed class StorCommand() : FtpCommandHandler("STOR")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.Path, Writes = true, TakesRestartOffset = true };

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken) =>
        Upload.HandleAsync(connection, request, append: false, cancellationToken);
}
