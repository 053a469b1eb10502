using Microsoft.Playwright;

namespace EmoteCare.WebApp.Tests;

/// <summary>Debian's Chromium driven by Playwright: headless, no sandbox or GPU, nothing running in the background.</summary>
internal sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly List<string> _errors = [];

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Chromium = browser;
    }

    public IBrowser Chromium { get; }

    /// <summary>Uncaught exceptions and console errors of every page, but the expected 401 of the first <c>GET /api/me</c>.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>
    /// Launches Chromium; with <paramref name="fakeCamera"/>, getUserMedia is allowed without asking and gets a fake camera: the
    /// video file <paramref name="fakeVideo"/>, or Chromium's own test pattern (no face) without one. Playwright starts it with a
    /// fresh, temporary user-data directory and removes it on close.
    /// </summary>
    public static async Task<Browser> LaunchAsync(bool fakeCamera = false, string? fakeVideo = null)
    {
        if (!File.Exists(TestEnvironment.Chromium))
        {
            throw new InvalidOperationException($"{TestEnvironment.Chromium} is missing: eng/install-deps.sh installs Debian's chromium package.");
        }

        List<string> args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-dev-shm-usage",
        ];
        if (fakeCamera || fakeVideo is not null)
        {
            args.AddRange(["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]);
        }

        if (fakeVideo is not null)
        {
            args.Add($"--use-file-for-fake-video-capture={fakeVideo}");
        }

        // Pages wait on a live pipeline on a busy two-core machine: assertions wait longer than Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = TestEnvironment.Chromium,
                Headless = true,
                Args = args,
                Timeout = 60_000,
            });
            return new Browser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new, isolated context (its own cookies) at <paramref name="baseUrl"/>; camera and microphone permission granted when asked for. The
    /// page keeps its WebSockets to the live hub in <c>window.hubSockets</c>, so a test can cut one (<see cref="DropHubAsync"/>).
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri baseUrl, int width = 1280, int height = 900, bool camera = false)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Permissions = camera ? ["camera", "microphone"] : [],
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(
            """
            (() => {
              const Native = window.WebSocket;
              window.hubSockets = [];
              window.WebSocket = class extends Native {
                constructor(...args) {
                  super(...args);
                  if (String(args[0]).includes('/hubs/session')) window.hubSockets.push(this);
                }
              };
            })();
            """);
        return await NewTabAsync(context);
    }

    /// <summary>Another tab of <paramref name="context"/>: the same person's cookies, as a second tab of one browser.</summary>
    public async Task<IPage> NewTabAsync(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => Record($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("401", StringComparison.Ordinal))
            {
                Record($"console: {message.Text} ({message.Location})");
            }
        };
        return page;
    }

    /// <summary>How many hub WebSockets the page has opened.</summary>
    public static Task<int> HubSocketCountAsync(IPage page) => page.EvaluateAsync<int>("() => window.hubSockets.length");

    /// <summary>Cuts the page's latest hub WebSocket with an abnormal close code, as a dropped network would look to the client.</summary>
    public static Task DropHubAsync(IPage page) => page.EvaluateAsync("() => window.hubSockets[window.hubSockets.length - 1].close(4000, 'dropped by the test')");

    public async ValueTask DisposeAsync()
    {
        await Chromium.CloseAsync();
        _playwright.Dispose();
    }

    private void Record(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}

