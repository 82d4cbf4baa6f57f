using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lifeline.ProbeResponder;

/// <summary>
/// Plays any number of carrier gateways at once: one UDP socket bound to 0.0.0.0:PORT receives what is sent to every
/// 127.x.y.z:PORT (all of 127.0.0.0/8 routes to lo on Linux) and answers each OPTIONS with 200 OK, echoing Via, From,
/// To, Call-ID and CSeq. Usage: <c>Lifeline.ProbeResponder PORT</c>. Prints the answers per second every 10 s.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5060;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 8 * 1024 * 1024;
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        Console.WriteLine($"answering OPTIONS on udp:0.0.0.0:{port}");

        var input = new byte[65_536];
        var output = new byte[65_536];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        long answered = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = clock.Elapsed;
        long lastAnswered = 0;
        while (true)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(input, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier answer; keep going.
                continue;
            }

            var length = Response.Write(input.AsSpan(0, received), output);
            if (length > 0)
            {
                try
                {
                    socket.SendTo(output.AsSpan(0, length), SocketFlags.None, from);
                    answered++;
                }
                catch (SocketException)
                {
                    // The prober went away.
                }
            }

            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
            {
                var seconds = (clock.Elapsed - lastReport).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{answered} answered, {(answered - lastAnswered) / seconds:0} a second"));
                lastReport = clock.Elapsed;
                lastAnswered = answered;
            }
        }
    }
}
