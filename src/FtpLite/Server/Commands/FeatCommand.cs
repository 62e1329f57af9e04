using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>FEAT (RFC 2389): the extensions this server supports.</summary>
internal sealed class FeatCommand() : FtpCommandHandler("FEAT")
{
    private static readonly string[] TlsLines = ["AUTH TLS", "PBSZ", "PROT"];

    private static readonly string[] Lines =
    [
        "Features:",
        "EPRT",
        "EPSV",
        "HASH SHA-256*;SHA-1;MD5;CRC32",
        "MDTM",
        "MFMT",
        "MLST type*;size*;modify*;perm*;UNIX.mode*;",
        "PASV",
        "RANG STREAM",
        "REST STREAM",
        "SIZE",
        "TVFS",
        "UTF8",
        "End",
    ];

    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken) =>
        connection.ReplyAsync(FtpReplyCode.SystemStatus, connection.Server.TlsEnabled ? [Lines[0], .. TlsLines, .. Lines[1..]] : Lines);
}
