using System.Text.Json;
using EmoteCare.Grains.Inference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api;

/// <summary>
/// The browser app for patients and therapists: static files that <c>web/</c> builds into the web root (<c>web/build.sh</c>
/// writes <c>Api/wwwroot</c>, git-ignored), and <c>GET /api/model</c>, which tells the app what the expression model is and how
/// accurate it was measured to be, so no page carries a figure that a retrained model would change.
/// </summary>
public static class WebAppExtensions
{
    /// <summary>Where the bundler puts content-hashed files; those may be cached for good.</summary>
    public const string AssetsPath = "/assets";

    /// <summary>
    /// Serves the web root ahead of routing and authorization (the pages are public; everything they show comes from
    /// authorized endpoints) and maps <c>GET /api/model</c>. Call after the security-headers middleware, before
    /// <c>UseRouting</c>, so every file carries the Content-Security-Policy and the other headers.
    /// </summary>
    public static WebApplication UseEmoteCareWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = app.Environment.WebRootFileProvider;
        if (!files.GetFileInfo("index.html").Exists)
        {
            app.Logger.LogWarning("The web app is not built (no index.html in {WebRoot}): run web/build.sh.", app.Environment.WebRootPath);
            app.Use(NotBuilt);
        }

        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".map"] = "application/json";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments(AssetsPath) ? "public, max-age=31536000, immutable" : "no-cache",
        });

        app.MapGet("/api/model", GetModel).RequireAuthorization().WithTags("Model")
            .WithSummary("What the expression model measures and its measured accuracy, from the sidecar beside the model in use.");
        return app;
    }

    private static async Task NotBuilt(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path == "/" && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync("The EmoteCare web app is not built: run web/build.sh (./run.sh and ./test.sh do).\n", context.RequestAborted);
            return;
        }

        await next(context);
    }

    private static Ok<ModelInfoResponse> GetModel(IOptions<FrameDispatcherOptions> options) =>
        TypedResults.Ok(ModelInfoResponse.Read(options.Value.ModelPath));
}

/// <summary>The expression model in use, as the web app describes it. Expressions are not feelings; nothing here is a diagnosis.</summary>
/// <param name="Name">The model's name (<c>emotion-fer</c>).</param>
/// <param name="Version">Its version label; null when the sidecar has none.</param>
/// <param name="ValAccuracy">Top-1 accuracy over seven expressions on the evaluation split (0–1); null when not measured or the sidecar is missing.</param>
/// <param name="EvaluatedOn">The split the accuracy was measured on.</param>
/// <param name="Classes">The expressions it scores, in contract order.</param>
/// <param name="SidecarFound">False when the model's sidecar JSON could not be read.</param>
public sealed record ModelInfoResponse(string Name, string? Version, double? ValAccuracy, string? EvaluatedOn, IReadOnlyList<string> Classes, bool SidecarFound)
{
    private static readonly string[] DefaultClasses = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    /// <summary>Reads the sidecar beside <paramref name="modelPath"/>.</summary>
    public static ModelInfoResponse Read(string modelPath)
    {
        var name = Path.GetFileNameWithoutExtension(modelPath);
        try
        {
            // Found as the inference workers find it; a missing model is a missing sidecar (FileNotFoundException).
            var sidecar = Path.ChangeExtension(FramePipelineFactory.ResolveModelPath(modelPath), ".json");
            using var document = JsonDocument.Parse(File.ReadAllBytes(sidecar));
            var root = document.RootElement;
            var metrics = root.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            return new ModelInfoResponse(
                String(root, "name") ?? name,
                String(root, "version"),
                metrics.ValueKind == JsonValueKind.Object && metrics.TryGetProperty("val_accuracy", out var accuracy) && accuracy.TryGetDouble(out var value) && value is >= 0 and <= 1 ? value : null,
                metrics.ValueKind == JsonValueKind.Object ? String(metrics, "split") : null,
                root.TryGetProperty("classes", out var classes) && classes.ValueKind == JsonValueKind.Array
                    ? [.. classes.EnumerateArray().Select(c => c.GetString() ?? "?")]
                    : DefaultClasses,
                true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return new ModelInfoResponse(name, null, null, null, DefaultClasses, false);
        }
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
