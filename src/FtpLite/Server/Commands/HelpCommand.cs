using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>HELP: lists the commands the server answers.</summary>
internal sealed class HelpCommand() : FtpCommandHandler("HELP")
{
    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var verbs = connection.Server.Commands.Verbs.ToList();
        var lines = new List<string> { "The following commands are recognized." };
        for (var i = 0; i < verbs.Count; i += 8)
        {
            lines.Add(string.Join(' ', verbs.Skip(i).Take(8).Select(v => v.PadRight(5))));
        }

        lines.Add("Help OK.");
        return connection.ReplyAsync(FtpReplyCode.Help, lines);
    }
}
