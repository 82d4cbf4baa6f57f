namespace Lifeline.Proxy;

/// <summary>The proxy could not open one of its <c>proxy.listen</c> addresses (in use, not local, no permission).</summary>
internal sealed class ProxyListenException(string message) : IOException(message);
