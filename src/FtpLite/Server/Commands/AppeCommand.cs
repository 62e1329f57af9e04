using FtpLite.Server.Transfers;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>APPE: appends to a file (creating it when missing).</summary>
internal sealed class AppeCommand() : FtpCommandHandler("APPE")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.Path, Writes = true, TakesRestartOffset = true };

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken) =>
        Upload.HandleAsync(connection, request, append: true, cancellationToken);
}
