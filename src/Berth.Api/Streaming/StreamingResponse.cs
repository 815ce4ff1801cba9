using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Api.Streaming;

internal static class StreamingResponse
{
    /// <summary>Makes every write go to the socket as it happens: no response buffering.</summary>
    public static void DisableBuffering(HttpContext context) =>
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
}
