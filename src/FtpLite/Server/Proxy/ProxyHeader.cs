using System.Net;

namespace FtpLite.Server.Proxy;

/// <summary>
/// What a balancer's PROXY protocol header said about the connection it forwards.
/// </summary>
/// <param name="Version">1 (the text form) or 2 (the binary form).</param>
/// <param name="Source">
/// The real client, or null when the balancer speaks for itself (a v2 LOCAL command, such as a health check,
/// or v1 "UNKNOWN"): then the connection is the balancer's own and keeps its address.
/// </param>
/// <param name="Destination">The address the client connected to, at the balancer; null with <paramref name="Source"/>.</param>
internal sealed record ProxyHeader(int Version, IPEndPoint? Source, IPEndPoint? Destination);
