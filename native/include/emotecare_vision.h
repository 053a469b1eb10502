/*
 * EmoteCare vision shim: the handful of OpenCV operations the frame pipeline needs, as a C ABI.
 *
 * Contract for every function that returns ecv_status:
 *   - No C++ exception crosses this boundary; failures come back as a status code.
 *   - On failure a NUL-terminated description is written to `message` (truncated to
 *     `message_capacity` bytes, which may be 0 to skip it).
 *   - Output buffers are owned by the caller; the shim never allocates memory the caller must free,
 *     except the cascade handle, released with ecv_cascade_free.
 * All images are 8-bit single-channel (grayscale), row-major, `stride` bytes between rows.
 */
#ifndef EMOTECARE_VISION_H
#define EMOTECARE_VISION_H

#include <stdint.h>

#if defined(ECV_BUILDING)
#define ECV_API __attribute__((visibility("default")))
#else
#define ECV_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature or struct layout below changes; the managed binding checks it. */
#define ECV_ABI_VERSION 2

typedef enum ecv_status {
    ECV_OK = 0,
    ECV_INVALID_ARGUMENT = 1,
    ECV_UNSUPPORTED_FORMAT = 2,   /* neither JPEG nor PNG */
    ECV_TRUNCATED = 3,            /* header incomplete or end-of-image marker missing */
    ECV_DIMENSIONS_TOO_LARGE = 4, /* header declares more pixels than the caller allows */
    ECV_DECODE_FAILED = 5,        /* the codec rejected the data */
    ECV_BUFFER_TOO_SMALL = 6,
    ECV_OPENCV_ERROR = 7,
    ECV_INTERNAL_ERROR = 8,
    ECV_IO_ERROR = 9
} ecv_status;

typedef enum ecv_image_format {
    ECV_FORMAT_UNKNOWN = 0,
    ECV_FORMAT_JPEG = 1,
    ECV_FORMAT_PNG = 2
} ecv_image_format;

typedef struct ecv_image_info {
    int32_t format; /* ecv_image_format */
    int32_t width;
    int32_t height;
} ecv_image_info;

typedef struct ecv_rect {
    int32_t x;
    int32_t y;
    int32_t width;
    int32_t height;
} ecv_rect;

ECV_API int32_t ecv_abi_version(void);

/* OpenCV's internal parallelism is process-wide; workers that already run one per core want 1. */
ECV_API void ecv_set_num_threads(int32_t threads);

/* Reads only the container header (JPEG SOF / PNG IHDR) and checks that the stream is complete. */
ECV_API int32_t ecv_probe_image(const uint8_t* data, int64_t length, ecv_image_info* info,
                                char* message, int32_t message_capacity);

/* Probes first and refuses images larger than max_width x max_height before any pixel is decoded;
 * then decodes to grayscale straight into dst (width * height bytes, tightly packed). */
ECV_API int32_t ecv_decode_gray(const uint8_t* data, int64_t length, int32_t max_width, int32_t max_height,
                                uint8_t* dst, int64_t dst_capacity, ecv_image_info* info,
                                char* message, int32_t message_capacity);

/* Encodes a gray image as baseline JPEG. When dst is too small, *written receives the needed size. */
ECV_API int32_t ecv_encode_jpeg(const uint8_t* gray, int32_t width, int32_t height, int32_t stride,
                                int32_t quality, uint8_t* dst, int64_t dst_capacity, int64_t* written,
                                char* message, int32_t message_capacity);

ECV_API int32_t ecv_cascade_load(const char* path, void** cascade, char* message, int32_t message_capacity);
ECV_API void ecv_cascade_free(void* cascade);

/* Runs the cascade on the ROI of the image; boxes come back in full-image coordinates.
 * *found receives the number of detections, which may exceed capacity (only capacity are written).
 * max_size 0 means unbounded. A cascade instance must not be used by two threads at once. */
ECV_API int32_t ecv_cascade_detect(void* cascade, const uint8_t* gray, int32_t width, int32_t height, int32_t stride,
                                   int32_t roi_x, int32_t roi_y, int32_t roi_width, int32_t roi_height,
                                   double scale_factor, int32_t min_neighbors, int32_t min_size, int32_t max_size,
                                   ecv_rect* results, int32_t capacity, int32_t* found,
                                   char* message, int32_t message_capacity);

/* Resizes the ROI of the image into dst (dst_width x dst_height, dst_stride bytes per row).
 * interpolation is an OpenCV cv::InterpolationFlags value (1 linear, 3 area). */
ECV_API int32_t ecv_resize_gray(const uint8_t* gray, int32_t width, int32_t height, int32_t stride,
                                int32_t roi_x, int32_t roi_y, int32_t roi_width, int32_t roi_height,
                                uint8_t* dst, int32_t dst_width, int32_t dst_height, int32_t dst_stride,
                                int32_t interpolation, char* message, int32_t message_capacity);

/* Finds a square face template (template_size x template_size gray, the face box shrunk to that size)
 * inside the ROI by normalised cross-correlation: the ROI is shrunk by template_size / face side and
 * searched with TM_CCOEFF_NORMED, which tolerates lighting changes. Writes the best match's top-left
 * corner in image coordinates and its score in [-1, 1]. A cheap way to follow a face between detections. */
ECV_API int32_t ecv_match_template(const uint8_t* gray, int32_t width, int32_t height, int32_t stride,
                                   int32_t roi_x, int32_t roi_y, int32_t roi_width, int32_t roi_height,
                                   const uint8_t* face_template, int32_t template_size, int32_t face_width, int32_t face_height,
                                   int32_t* match_x, int32_t* match_y, float* score,
                                   char* message, int32_t message_capacity);

#ifdef __cplusplus
}
#endif

#endif
