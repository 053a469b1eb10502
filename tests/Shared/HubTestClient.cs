using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;

namespace EmoteCare.Testing;

/// <summary>
/// A SignalR client speaking the JSON hub protocol over a WebSocket (the test server's, or a real one to a node's base
/// address): records terminated by 0x1E, a handshake, invocations (type 1), completions (type 3), pings (type 6). The
/// .NET SignalR client does not restore here, and writing the frames by hand also lets tests send malformed ones.
/// </summary>
internal sealed partial class HubTestClient : IAsyncDisposable
{
    /// <summary>The hub's path on a node.</summary>
    public const string HubPath = "/hubs/session";

    /// <summary>Arguments as the Api reads them: web defaults, enums as camelCase strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private readonly WebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _events = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Task _receiving;
    private readonly Task _pinging;
    private int _nextInvocation;

    private HubTestClient(WebSocket socket)
    {
        _socket = socket;
        _receiving = ReceiveAsync();
        _pinging = PingAsync();
    }

    /// <summary>Completes when the server closed the connection or it broke (a node that died, say).</summary>
    public Task Closed => _receiving;

    /// <summary>Connects over a real WebSocket to the node at <paramref name="baseAddress"/> (http://host:port).</summary>
    public static async Task<HubTestClient> ConnectAsync(Uri baseAddress, string? accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var query = accessToken is null ? "" : $"?access_token={Uri.EscapeDataString(accessToken)}";
        var socket = new ClientWebSocket();
        try
        {
            var uri = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws", Path = HubPath, Query = query }.Uri;
            await socket.ConnectAsync(uri, cancellationToken);
            return await HandshakeAsync(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Speaks the handshake on an open WebSocket and starts reading from it.</summary>
    public static async Task<HubTestClient> HandshakeAsync(WebSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"protocol":"json","version":1}""" + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var handshake = await ReadRecordAsync(socket, new StringBuilder(), CancellationToken.None).WaitAsync(DefaultTimeout);
        if (handshake != "{}")
        {
            throw new InvalidOperationException($"Handshake refused: {handshake}");
        }

        return new HubTestClient(socket);
    }

    /// <summary>Invokes a hub method; returns its result, or throws <see cref="HubError"/> with the server's message.</summary>
    public Task<JsonElement> InvokeAsync(string target, params object?[] arguments) =>
        InvokeRawAsync(target, JsonSerializer.Serialize(arguments, Json));

    /// <summary>Invokes with a bound on the wait for the completion.</summary>
    public Task<JsonElement> InvokeAsync(TimeSpan timeout, string target, params object?[] arguments) =>
        InvokeRawAsync(target, JsonSerializer.Serialize(arguments, Json), timeout);

    /// <summary>Invokes with arguments written as raw JSON, for malformed calls.</summary>
    public async Task<JsonElement> InvokeRawAsync(string target, string argumentsJson, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = completion;
        try
        {
            if (_receiving.IsCompleted)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The hub connection is closed.");
            }

            await SendTextAsync($$"""{"type":1,"invocationId":"{{id}}","target":"{{target}}","arguments":{{argumentsJson}}}""");
            var message = await completion.Task.WaitAsync(timeout ?? DefaultTimeout);
            return message.TryGetProperty("error", out var error)
                ? throw new HubError(error.GetString()!)
                : message.TryGetProperty("result", out var result) ? result : default;
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    /// <summary>The next server-to-client invocation of <paramref name="target"/>'s first argument.</summary>
    public async Task<JsonElement> NextAsync(string target, TimeSpan? timeout = null) =>
        await Events(target).Reader.ReadAsync().AsTask().WaitAsync(timeout ?? DefaultTimeout);

    /// <summary>Server-to-client invocations of <paramref name="target"/> as they arrive, until the connection closes.</summary>
    public IAsyncEnumerable<JsonElement> ReadAllAsync(string target, CancellationToken cancellationToken = default) => Events(target).Reader.ReadAllAsync(cancellationToken);

    /// <summary>Server-to-client invocations of <paramref name="target"/> received so far and not yet read.</summary>
    public int Pending(string target) => Events(target).Reader.Count;

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
            }
        }

        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        await _pinging.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _closing.Dispose();
        _sending.Dispose();
    }

    private Channel<JsonElement> Events(string target) => _events.GetOrAdd(target, _ => Channel.CreateUnbounded<JsonElement>());

    private async Task ReceiveAsync()
    {
        await Task.Yield();
        var buffer = new StringBuilder();
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var record = await ReadRecordAsync(_socket, buffer, _closing.Token);
                if (record is null)
                {
                    return;
                }

                var message = JsonDocument.Parse(record).RootElement.Clone();
                switch (message.GetProperty("type").GetInt32())
                {
                    case 1:
                        Events(message.GetProperty("target").GetString()!).Writer.TryWrite(message.GetProperty("arguments")[0]);
                        break;
                    case 3 when _calls.TryRemove(message.GetProperty("invocationId").GetString()!, out var call):
                        call.TrySetResult(message);
                        break;
                    case 7:
                        return;
                }
            }
        }
        finally
        {
            // Calls still waiting will never hear back: fail them now rather than at their timeout.
            foreach (var call in _calls.Values)
            {
                call.TrySetException(new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The hub connection closed before the call completed."));
            }

            foreach (var events in _events.Values)
            {
                events.Writer.TryComplete();
            }
        }
    }

    /// <summary>Pings every 5 s, as SignalR clients do, so the server does not time out a connection that only listens.</summary>
    private async Task PingAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token) && !_receiving.IsCompleted)
            {
                await SendTextAsync("""{"type":6}""");
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private async Task SendTextAsync(string record)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(record + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    private static async Task<string?> ReadRecordAsync(WebSocket socket, StringBuilder pending, CancellationToken cancellationToken)
    {
        var chunk = new byte[8192];
        while (true)
        {
            var text = pending.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                pending.Remove(0, end + 1);
                return text[..end];
            }

            WebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(chunk, cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                return null;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            pending.Append(Encoding.UTF8.GetString(chunk, 0, received.Count));
        }
    }
}

/// <summary>A hub method's error, as the server sent it to the caller.</summary>
internal sealed class HubError(string message) : Exception(message);
