namespace FtpLite.Server.Proxy;

/// <summary>
/// Spots a PROXY protocol header on a connection from an address that is not a listed balancer, in the first
/// command lines: v1 is a line "PROXY ...", and v2's signature reads as the lines "", "" and "\0" (then
/// "QUIT"). Such a connection is refused: whoever sends a header there is either misconfigured or trying to
/// pass for another client.
/// </summary>
internal sealed class StrayHeaderDetector
{
    private int _state;

    /// <summary>Feeds the next command line; true when the lines so far are a PROXY header.</summary>
    public bool Observe(string line)
    {
        switch (_state)
        {
            case 0 when line == "PROXY" || line.StartsWith("PROXY ", StringComparison.Ordinal):
                return true;
            case 0 or 1 when line.Length == 0:
                _state++;
                return false;
            case 2 when line == "\0":
                return true;
            default:
                _state = -1;
                return false;
        }
    }
}
