using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.TestHost;

namespace EmoteCare.Api.Tests;

/// <summary>
/// A SignalR client speaking the JSON hub protocol over the test server's WebSocket: records terminated by 0x1E, a
/// handshake, invocations (type 1), completions (type 3). The .NET SignalR client does not restore here, and writing the
/// frames by hand also lets tests send malformed ones.
/// </summary>
internal sealed class HubTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly WebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _events = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private int _nextInvocation;

    private HubTestClient(WebSocket socket)
    {
        _socket = socket;
        _receiving = ReceiveAsync();
    }

    public static async Task<HubTestClient> ConnectAsync(TestApi api, string? accessToken)
    {
        var query = accessToken is null ? "" : $"?access_token={Uri.EscapeDataString(accessToken)}";
        var socket = await api.App.GetTestServer().CreateWebSocketClient().ConnectAsync(new Uri($"ws://localhost/hubs/session{query}"), CancellationToken.None);
        await SendTextAsync(socket, """{"protocol":"json","version":1}""");
        var handshake = await ReadRecordAsync(socket, new StringBuilder(), CancellationToken.None);
        if (handshake != "{}")
        {
            throw new InvalidOperationException($"Handshake refused: {handshake}");
        }

        return new HubTestClient(socket);
    }

    public static string TokenOf(Actor actor) => actor.Client.DefaultRequestHeaders.Authorization!.Parameter!;

    /// <summary>Invokes a hub method; returns its result, or throws <see cref="HubError"/> with the server's message.</summary>
    public Task<JsonElement> InvokeAsync(string target, params object?[] arguments) =>
        InvokeRawAsync(target, JsonSerializer.Serialize(arguments, TestApi.Json));

    /// <summary>Invokes with arguments written as raw JSON, for malformed calls.</summary>
    public async Task<JsonElement> InvokeRawAsync(string target, string argumentsJson)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = completion;
        await SendTextAsync(_socket, $$"""{"type":1,"invocationId":"{{id}}","target":"{{target}}","arguments":{{argumentsJson}}}""");
        var message = await completion.Task.WaitAsync(TimeSpan.FromSeconds(15));
        return message.TryGetProperty("error", out var error)
            ? throw new HubError(error.GetString()!)
            : message.TryGetProperty("result", out var result) ? result : default;
    }

    /// <summary>The next server-to-client invocation of <paramref name="target"/>'s first argument.</summary>
    public async Task<JsonElement> NextAsync(string target, TimeSpan? timeout = null) =>
        await Events(target).Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(15));

    /// <summary>Server-to-client invocations of <paramref name="target"/> received so far and not yet read.</summary>
    public int Pending(string target) => Events(target).Reader.Count;

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }

        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _closing.Dispose();
    }

    private Channel<JsonElement> Events(string target) => _events.GetOrAdd(target, _ => Channel.CreateUnbounded<JsonElement>());

    private async Task ReceiveAsync()
    {
        var buffer = new StringBuilder();
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
            }
        }
    }

    private static Task SendTextAsync(WebSocket socket, string record) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(record + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

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
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
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
