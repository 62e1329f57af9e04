using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading.Channels;
using FtpLite.Server;

namespace FtpLite.PowerShell.ServerEvents;

/// <summary>
/// Runs Start-FtpLiteServer's -On* script blocks on a runspace pool of their own, and raises the same events as
/// PowerShell engine events (FtpLite.Upload, ...) for Register-EngineEvent. The server's threads only ever put an
/// event in a bounded queue: a slow handler never holds up a transfer, and when the queue is full the event is
/// dropped with a HandlerFailed entry in the server's log. A handler that throws is logged the same way.
/// </summary>
internal sealed class ServerEventDispatcher
{
    /// <summary>Handlers that run at once; more wait in the queue.</summary>
    public const int Workers = 4;

    private readonly Dictionary<string, string> _handlers;
    private readonly PSEventManager? _engineEvents;
    private readonly int _queueLength;
    private readonly Channel<FtpLiteServerEventData>? _queue;
    private readonly Lazy<RunspacePool> _pool = new(OpenPool);
    private readonly Task _workers = Task.CompletedTask;
    private FtpServer? _server;
    private Task? _completion;

    /// <param name="handlers">Script blocks by event name (Upload, Download, Delete, Rename, Login, LoginFailed).</param>
    /// <param name="engineEvents">The runspace's event manager, for engine events.</param>
    /// <param name="queueLength">Events that may wait for a handler before new ones are dropped.</param>
    public ServerEventDispatcher(IReadOnlyDictionary<string, ScriptBlock> handlers, PSEventManager? engineEvents, int queueLength)
    {
        // Handlers run in runspaces of their own, so they take the script's text, not the caller's scope.
        _handlers = handlers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.Ordinal);
        _engineEvents = engineEvents;
        _queueLength = queueLength;
        if (_handlers.Count > 0)
        {
            _queue = Channel.CreateBounded<FtpLiteServerEventData>(new BoundedChannelOptions(queueLength)
            {
                FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once: the event is dropped, nobody waits.
                SingleWriter = false,
            });
            _workers = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(RunHandlersAsync)));
        }
    }

    /// <summary>The server whose events these are; its log takes the handlers' failures.</summary>
    public void Attach(FtpServer server) => _server = server;

    /// <summary>Called by the server for every event, on its own threads: never blocks, never throws.</summary>
    public void OnEvent(FtpServerEvent serverEvent)
    {
        if (serverEvent.Kind == FtpServerEventKind.Stopped)
        {
            _ = CompleteAsync();
            return;
        }

        if (NameOf(serverEvent) is not { } name || _server is not { } server)
        {
            return;
        }

        // Nothing is made for an event that no handler and no subscriber takes: a login costs no more without -OnLogin.
        var handled = _queue is not null && _handlers.ContainsKey(name);
        var source = "FtpLite." + name;
        var subscribed = _engineEvents is not null && IsSubscribed(_engineEvents, source);
        if (!handled && !subscribed)
        {
            return;
        }

        var args = new FtpLiteServerEventData(name, serverEvent, server.Uri);
        if (handled && !_queue!.Writer.TryWrite(args))
        {
            server.Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.HandlerFailed,
                $"On{name} dropped the event for {serverEvent.Path ?? serverEvent.UserName}: {_queueLength} events already wait for a handler "
                + "(the handlers are slower than the events; make them faster, or raise -EventQueueLength).",
                serverEvent.RemoteEndPoint, serverEvent.UserName, serverEvent.Path));
        }

        // Raised only when subscribed: an engine event nobody takes would wait in the event queue for ever.
        if (subscribed)
        {
            _engineEvents!.GenerateEvent(source, server, [args], PSObject.AsPSObject(args));
        }
    }

    private static bool IsSubscribed(PSEventManager events, string source)
    {
        foreach (var subscriber in events.Subscribers)
        {
            if (subscriber.SourceIdentifier == source)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lets queued handlers run, then closes the runspace pool. The same task on every call.</summary>
    public Task CompleteAsync()
    {
        lock (_handlers)
        {
            return _completion ??= CompleteOnceAsync();
        }
    }

    /// <summary>The handler name of an event, or null for events that have none.</summary>
    private static string? NameOf(FtpServerEvent serverEvent) => serverEvent.Kind switch
    {
        FtpServerEventKind.Upload => "Upload",
        FtpServerEventKind.Download => "Download",
        FtpServerEventKind.LoginSucceeded => "Login",
        FtpServerEventKind.LoginFailed => "LoginFailed",
        FtpServerEventKind.Changed when serverEvent.Change is FtpServerChange.Deleted or FtpServerChange.FolderRemoved => "Delete",
        FtpServerEventKind.Changed when serverEvent.Change is FtpServerChange.Renamed => "Rename",
        _ => null,
    };

    /// <summary>The handlers' runspaces, opened at the first event (opening takes a moment; a server may never need them).</summary>
    private static RunspacePool OpenPool()
    {
        var pool = RunspaceFactory.CreateRunspacePool(InitialSessionState.CreateDefault2());
        pool.SetMaxRunspaces(Workers);
        pool.Open();
        return pool;
    }

    private async Task CompleteOnceAsync()
    {
        _queue?.Writer.TryComplete();
        await _workers.ConfigureAwait(false);
        if (_pool.IsValueCreated)
        {
            _pool.Value.Dispose();
        }
    }

    private async Task RunHandlersAsync()
    {
        await foreach (var args in _queue!.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            string? failure;
            try
            {
                using var shell = System.Management.Automation.PowerShell.Create();
                shell.RunspacePool = _pool.Value;
                shell.AddScript(_handlers[args.Name]).AddArgument(args);
                await Task.Factory.FromAsync(shell.BeginInvoke(), shell.EndInvoke).ConfigureAwait(false);
                failure = shell.HadErrors && shell.Streams.Error.Count > 0 ? shell.Streams.Error[0].ToString() : null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A throw in the handler (RuntimeException), or anything else: logged, and the next event runs.
                failure = ex is RuntimeException { ErrorRecord: { } record } ? record.ToString() : $"{ex.GetType().Name}: {ex.Message}";
            }

            if (failure is not null)
            {
                _server?.Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.HandlerFailed,
                    $"On{args.Name} failed for {args.Path ?? args.User}: {failure}", args.Event.RemoteEndPoint, args.User, args.Path));
            }
        }
    }
}
