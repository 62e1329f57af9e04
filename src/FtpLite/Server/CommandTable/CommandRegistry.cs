using FtpLite.Server.Commands;

namespace FtpLite.Server.CommandTable;

/// <summary>Finds the handler for a verb.</summary>
internal sealed class CommandRegistry
{
    // Longest verb looked up without making a string for it; every verb FtpLite knows is shorter.
    private const int MaxVerbChars = 16;

    private readonly Dictionary<string, IFtpCommandHandler> _handlers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IFtpCommandHandler>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public CommandRegistry(IEnumerable<IFtpCommandHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            foreach (var verb in handler.Verbs)
            {
                _handlers.Add(verb, handler);
            }
        }

        _byChars = _handlers.GetAlternateLookup<ReadOnlySpan<char>>();
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

    /// <summary>
    /// Finds the handler for a command's first word, upper-cased in ASCII only (as <see cref="AsciiVerb"/> does). A
    /// known verb comes back as the table's own string, so a command costs no string for its verb; only an unknown
    /// one is made into a string (for its reply and the log).
    /// </summary>
    public IFtpCommandHandler? Find(ReadOnlySpan<char> word, out string verb)
    {
        if (word.Length <= MaxVerbChars)
        {
            Span<char> upper = stackalloc char[word.Length];
            AsciiVerb.Normalize(word, upper);
            if (_byChars.TryGetValue(upper, out var known, out var handler))
            {
                verb = known;
                return handler;
            }

            verb = upper.ToString();
            return null;
        }

        verb = AsciiVerb.Normalize(word.ToString());
        return null;
    }
}
