using FtpLite.Server.Commands;

namespace FtpLite.Server.CommandTable;

/// <summary>Finds the handler for a verb.</summary>
internal sealed class CommandRegistry
{
    private readonly Dictionary<string, IFtpCommandHandler> _handlers = new(StringComparer.Ordinal);

    public CommandRegistry(IEnumerable<IFtpCommandHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            foreach (var verb in handler.Verbs)
            {
                _handlers.Add(verb, handler);
            }
        }
    }

    /// <summary>Every command FtpLite's server answers.</summary>
    public static CommandRegistry Default { get; } = new(
    [
        new UserCommand(), new PassCommand(), new QuitCommand(), new NoopCommand(), new SystCommand(),
        new FeatCommand(), new OptsCommand(), new HelpCommand(), new TypeCommand(), new ModeCommand(),
        new StruCommand(), new AlloCommand(), new StatCommand(), new AborCommand(),
        new AuthCommand(), new PbszCommand(), new ProtCommand(),
        new PwdCommand(), new CwdCommand(), new CdupCommand(),
        new PasvCommand(), new EpsvCommand(), new PortCommand(), new EprtCommand(),
        new SizeCommand(), new MdtmCommand(), new MfmtCommand(), new MlstCommand(),
        new ListCommand(), new NlstCommand(), new MlsdCommand(),
        new RestCommand(), new RetrCommand(), new StorCommand(), new AppeCommand(),
        new DeleCommand(), new MkdCommand(), new RmdCommand(), new RnfrCommand(), new RntoCommand(),
        new HashCommand(), new RangCommand(),
    ]);

    public IEnumerable<string> Verbs => _handlers.Keys.Order(StringComparer.Ordinal);

    public IFtpCommandHandler? Find(string verb) => _handlers.GetValueOrDefault(verb);
}
