#include "emotecare_vision.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <vector>

namespace {

struct Cascade {
    cv::CascadeClassifier classifier;
    // Kept across calls so a detection does not allocate once the vector has grown.
    std::vector<cv::Rect> rects;
};

int32_t fail(int32_t status, char* message, int32_t capacity, const char* format, ...)
    __attribute__((format(printf, 4, 5)));

int32_t fail(int32_t status, char* message, int32_t capacity, const char* format, ...) {
    if (message != nullptr && capacity > 0) {
        va_list args;
        va_start(args, format);
        std::vsnprintf(message, static_cast<size_t>(capacity), format, args);
        va_end(args);
    }
    return status;
}

// Every exported function funnels through here so no exception ever unwinds into managed code.
template <typename Body>
int32_t guarded(char* message, int32_t capacity, Body body) noexcept {
    try {
        return body();
    } catch (const cv::Exception& e) {
        return fail(ECV_OPENCV_ERROR, message, capacity, "OpenCV error %d: %s", e.code, e.what());
    } catch (const std::bad_alloc&) {
        return fail(ECV_INTERNAL_ERROR, message, capacity, "out of memory");
    } catch (const std::exception& e) {
        return fail(ECV_INTERNAL_ERROR, message, capacity, "%s", e.what());
    } catch (...) {
        return fail(ECV_INTERNAL_ERROR, message, capacity, "unknown C++ exception");
    }
}

uint32_t be16(const uint8_t* p) { return (uint32_t(p[0]) << 8) | p[1]; }
uint32_t be32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

// Encoders may pad after the end marker; more than this is treated as a damaged stream.
constexpr int64_t kMaxTrailingBytes = 64;

bool has_tail_marker(const uint8_t* data, int64_t length, const uint8_t* marker, int64_t marker_length) {
    const int64_t from = std::max<int64_t>(0, length - kMaxTrailingBytes - marker_length);
    for (int64_t i = length - marker_length; i >= from; --i) {
        if (std::memcmp(data + i, marker, static_cast<size_t>(marker_length)) == 0) return true;
    }
    return false;
}

int32_t probe_png(const uint8_t* data, int64_t length, ecv_image_info* info, char* message, int32_t capacity) {
    // 8-byte signature, then the IHDR chunk: length, type, width, height.
    if (length < 24) return fail(ECV_TRUNCATED, message, capacity, "PNG shorter than its header (%lld bytes)", static_cast<long long>(length));
    if (std::memcmp(data + 12, "IHDR", 4) != 0) return fail(ECV_DECODE_FAILED, message, capacity, "PNG does not start with an IHDR chunk");
    const uint32_t width = be32(data + 16);
    const uint32_t height = be32(data + 20);
    if (width == 0 || height == 0 || width > 0x7fffffffu || height > 0x7fffffffu) {
        return fail(ECV_DECODE_FAILED, message, capacity, "PNG declares invalid dimensions %ux%u", width, height);
    }
    info->format = ECV_FORMAT_PNG;
    info->width = static_cast<int32_t>(width);
    info->height = static_cast<int32_t>(height);
    static const uint8_t iend[] = {'I', 'E', 'N', 'D'};
    if (!has_tail_marker(data, length, iend, 4)) return fail(ECV_TRUNCATED, message, capacity, "PNG has no IEND chunk (truncated)");
    return ECV_OK;
}

int32_t probe_jpeg(const uint8_t* data, int64_t length, ecv_image_info* info, char* message, int32_t capacity) {
    // Walk the marker segments after SOI until a start-of-frame gives the dimensions.
    int64_t pos = 2;
    while (true) {
        while (pos < length && data[pos] == 0xFF) ++pos; // fill bytes before a marker code
        if (pos >= length) return fail(ECV_TRUNCATED, message, capacity, "JPEG ends before its frame header");
        if (data[pos - 1] != 0xFF) return fail(ECV_DECODE_FAILED, message, capacity, "JPEG marker expected at offset %lld", static_cast<long long>(pos));
        const uint8_t marker = data[pos++];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue; // stand-alone markers
        if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA) {
            return fail(ECV_DECODE_FAILED, message, capacity, "JPEG marker 0x%02X before any frame header", marker);
        }
        if (pos + 2 > length) return fail(ECV_TRUNCATED, message, capacity, "JPEG ends inside a segment header");
        const uint32_t segment = be16(data + pos);
        if (segment < 2) return fail(ECV_DECODE_FAILED, message, capacity, "JPEG segment length %u is invalid", segment);
        const bool is_frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (is_frame) {
            if (segment < 8 || pos + 7 > length) return fail(ECV_TRUNCATED, message, capacity, "JPEG frame header is truncated");
            const uint32_t height = be16(data + pos + 3);
            const uint32_t width = be16(data + pos + 5);
            if (width == 0 || height == 0) {
                return fail(ECV_DECODE_FAILED, message, capacity, "JPEG declares invalid dimensions %ux%u", width, height);
            }
            info->format = ECV_FORMAT_JPEG;
            info->width = static_cast<int32_t>(width);
            info->height = static_cast<int32_t>(height);
            break;
        }
        pos += segment;
    }
    // libjpeg pads a truncated scan with grey and only warns, so completeness is checked here.
    static const uint8_t eoi[] = {0xFF, 0xD9};
    if (!has_tail_marker(data, length, eoi, 2)) return fail(ECV_TRUNCATED, message, capacity, "JPEG has no end-of-image marker (truncated)");
    return ECV_OK;
}

int32_t probe(const uint8_t* data, int64_t length, ecv_image_info* info, char* message, int32_t capacity) {
    info->format = ECV_FORMAT_UNKNOWN;
    info->width = 0;
    info->height = 0;
    static const uint8_t png_signature[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return probe_jpeg(data, length, info, message, capacity);
    if (length >= 8 && std::memcmp(data, png_signature, 8) == 0) return probe_png(data, length, info, message, capacity);
    return fail(ECV_UNSUPPORTED_FORMAT, message, capacity, "not a JPEG or PNG image");
}

// Hands OpenCV the caller's buffer for the one Mat it allocates while decoding, so pixels land in
// place; anything larger than the buffer falls back to OpenCV's own allocator (and gets copied).
class CallerBufferAllocator final : public cv::MatAllocator {
public:
    CallerBufferAllocator(uint8_t* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {}

    cv::UMatData* allocate(int dims, const int* sizes, int type, void* data, size_t* step, cv::AccessFlag flags,
                           cv::UMatUsageFlags usage) const override {
        size_t total = CV_ELEM_SIZE(type);
        for (int i = dims - 1; i >= 0; --i) {
            if (step != nullptr) step[i] = total;
            total *= static_cast<size_t>(sizes[i]);
        }
        if (data != nullptr || total > capacity_) {
            return cv::Mat::getDefaultAllocator()->allocate(dims, sizes, type, data, step, flags, usage);
        }
        auto* u = new cv::UMatData(this);
        u->data = u->origdata = buffer_;
        u->size = total;
        u->flags |= cv::UMatData::USER_ALLOCATED;
        return u;
    }

    bool allocate(cv::UMatData* u, cv::AccessFlag, cv::UMatUsageFlags) const override { return u != nullptr; }

    void deallocate(cv::UMatData* u) const override { delete u; }

private:
    uint8_t* buffer_;
    size_t capacity_;
};

bool valid_image(const uint8_t* gray, int32_t width, int32_t height, int32_t stride) {
    return gray != nullptr && width > 0 && height > 0 && stride >= width;
}

bool roi_inside(int32_t width, int32_t height, int32_t x, int32_t y, int32_t w, int32_t h) {
    return x >= 0 && y >= 0 && w > 0 && h > 0 && x <= width - w && y <= height - h;
}

} // namespace

extern "C" {

int32_t ecv_abi_version(void) { return ECV_ABI_VERSION; }

void ecv_set_num_threads(int32_t threads) {
    try {
        cv::setNumThreads(threads);
    } catch (...) {
        // setNumThreads only throws on allocation failure; OpenCV keeps its previous setting then.
    }
}

int32_t ecv_probe_image(const uint8_t* data, int64_t length, ecv_image_info* info, char* message, int32_t message_capacity) {
    return guarded(message, message_capacity, [&] {
        if (info == nullptr || (data == nullptr && length != 0) || length < 0) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "invalid arguments");
        }
        return probe(data, length, info, message, message_capacity);
    });
}

int32_t ecv_decode_gray(const uint8_t* data, int64_t length, int32_t max_width, int32_t max_height, uint8_t* dst,
                        int64_t dst_capacity, ecv_image_info* info, char* message, int32_t message_capacity) {
    return guarded(message, message_capacity, [&] {
        if (info == nullptr || dst == nullptr || (data == nullptr && length != 0) || length < 0 || max_width <= 0 || max_height <= 0) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "invalid arguments");
        }
        if (length > INT32_MAX) return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "payload over 2 GiB");
        const int32_t status = probe(data, length, info, message, message_capacity);
        if (status != ECV_OK) return status;
        if (info->width > max_width || info->height > max_height) {
            return fail(ECV_DIMENSIONS_TOO_LARGE, message, message_capacity, "image is %dx%d, the limit is %dx%d",
                        info->width, info->height, max_width, max_height);
        }
        const int64_t needed = int64_t(info->width) * info->height;
        if (dst_capacity < needed) {
            return fail(ECV_BUFFER_TOO_SMALL, message, message_capacity, "destination holds %lld bytes, %lld needed",
                        static_cast<long long>(dst_capacity), static_cast<long long>(needed));
        }
        const cv::Mat encoded(1, static_cast<int>(length), CV_8UC1, const_cast<uint8_t*>(data));
        CallerBufferAllocator allocator(dst, static_cast<size_t>(dst_capacity));
        // An empty Mat with our allocator: OpenCV leaves it empty when the header cannot be read and
        // otherwise allocates it, which places the pixels straight into dst.
        cv::Mat target;
        target.allocator = &allocator;
        // Orientation is ignored: rotating would reallocate, and webcams do not tag frames.
        cv::imdecode(encoded, cv::IMREAD_GRAYSCALE | cv::IMREAD_IGNORE_ORIENTATION, &target);
        if (target.empty()) return fail(ECV_DECODE_FAILED, message, message_capacity, "the codec could not decode the image");
        if (target.cols != info->width || target.rows != info->height || target.type() != CV_8UC1) {
            return fail(ECV_DECODE_FAILED, message, message_capacity, "decoded %dx%d differs from the header's %dx%d",
                        target.cols, target.rows, info->width, info->height);
        }
        if (target.data != dst) target.copyTo(cv::Mat(info->height, info->width, CV_8UC1, dst));
        return static_cast<int32_t>(ECV_OK);
    });
}

int32_t ecv_encode_jpeg(const uint8_t* gray, int32_t width, int32_t height, int32_t stride, int32_t quality, uint8_t* dst,
                        int64_t dst_capacity, int64_t* written, char* message, int32_t message_capacity) {
    return guarded(message, message_capacity, [&] {
        if (!valid_image(gray, width, height, stride) || written == nullptr || quality < 1 || quality > 100 || (dst == nullptr && dst_capacity != 0)) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "invalid arguments");
        }
        const cv::Mat image(height, width, CV_8UC1, const_cast<uint8_t*>(gray), static_cast<size_t>(stride));
        std::vector<uint8_t> encoded;
        if (!cv::imencode(".jpg", image, encoded, {cv::IMWRITE_JPEG_QUALITY, quality})) {
            return fail(ECV_OPENCV_ERROR, message, message_capacity, "JPEG encoder failed");
        }
        *written = static_cast<int64_t>(encoded.size());
        if (static_cast<int64_t>(encoded.size()) > dst_capacity) {
            return fail(ECV_BUFFER_TOO_SMALL, message, message_capacity, "JPEG needs %zu bytes", encoded.size());
        }
        std::memcpy(dst, encoded.data(), encoded.size());
        return static_cast<int32_t>(ECV_OK);
    });
}

int32_t ecv_cascade_load(const char* path, void** cascade, char* message, int32_t message_capacity) {
    return guarded(message, message_capacity, [&] {
        if (path == nullptr || cascade == nullptr) return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "invalid arguments");
        *cascade = nullptr;
        auto loaded = std::make_unique<Cascade>();
        if (!loaded->classifier.load(path) || loaded->classifier.empty()) {
            return fail(ECV_IO_ERROR, message, message_capacity, "cannot load cascade '%s'", path);
        }
        *cascade = loaded.release();
        return static_cast<int32_t>(ECV_OK);
    });
}

void ecv_cascade_free(void* cascade) {
    delete static_cast<Cascade*>(cascade);
}

int32_t ecv_cascade_detect(void* cascade, const uint8_t* gray, int32_t width, int32_t height, int32_t stride, int32_t roi_x,
                           int32_t roi_y, int32_t roi_width, int32_t roi_height, double scale_factor, int32_t min_neighbors,
                           int32_t min_size, int32_t max_size, ecv_rect* results, int32_t capacity, int32_t* found,
                           char* message, int32_t message_capacity) {
    return guarded(message, message_capacity, [&] {
        if (cascade == nullptr || !valid_image(gray, width, height, stride) || found == nullptr || capacity < 0 ||
            (results == nullptr && capacity > 0) || scale_factor <= 1.0 || min_neighbors < 0 || min_size < 0 || max_size < 0) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "invalid arguments");
        }
        if (!roi_inside(width, height, roi_x, roi_y, roi_width, roi_height)) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "ROI %d,%d %dx%d is outside the %dx%d image",
                        roi_x, roi_y, roi_width, roi_height, width, height);
        }
        *found = 0;
        auto* state = static_cast<Cascade*>(cascade);
        const cv::Mat image(height, width, CV_8UC1, const_cast<uint8_t*>(gray), static_cast<size_t>(stride));
        const cv::Mat roi = image(cv::Rect(roi_x, roi_y, roi_width, roi_height));
        state->classifier.detectMultiScale(roi, state->rects, scale_factor, min_neighbors, 0, cv::Size(min_size, min_size),
                                           max_size > 0 ? cv::Size(max_size, max_size) : cv::Size());
        const int32_t count = static_cast<int32_t>(state->rects.size());
        const int32_t copied = std::min(count, capacity);
        for (int32_t i = 0; i < copied; ++i) {
            const cv::Rect& r = state->rects[static_cast<size_t>(i)];
            results[i] = ecv_rect{r.x + roi_x, r.y + roi_y, r.width, r.height};
        }
        *found = count;
        return static_cast<int32_t>(ECV_OK);
    });
}

int32_t ecv_resize_gray(const uint8_t* gray, int32_t width, int32_t height, int32_t stride, int32_t roi_x, int32_t roi_y,
                        int32_t roi_width, int32_t roi_height, uint8_t* dst, int32_t dst_width, int32_t dst_height,
                        int32_t dst_stride, int32_t interpolation, char* message, int32_t message_capacity) {
    return guarded(message, message_capacity, [&] {
        if (!valid_image(gray, width, height, stride) || !valid_image(dst, dst_width, dst_height, dst_stride) ||
            (interpolation != cv::INTER_NEAREST && interpolation != cv::INTER_LINEAR && interpolation != cv::INTER_CUBIC &&
             interpolation != cv::INTER_AREA)) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "invalid arguments");
        }
        if (!roi_inside(width, height, roi_x, roi_y, roi_width, roi_height)) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "ROI %d,%d %dx%d is outside the %dx%d image",
                        roi_x, roi_y, roi_width, roi_height, width, height);
        }
        const cv::Mat image(height, width, CV_8UC1, const_cast<uint8_t*>(gray), static_cast<size_t>(stride));
        cv::Mat output(dst_height, dst_width, CV_8UC1, dst, static_cast<size_t>(dst_stride));
        cv::resize(image(cv::Rect(roi_x, roi_y, roi_width, roi_height)), output, cv::Size(dst_width, dst_height), 0, 0, interpolation);
        if (output.data != dst) return fail(ECV_INTERNAL_ERROR, message, message_capacity, "resize reallocated its destination");
        return static_cast<int32_t>(ECV_OK);
    });
}

int32_t ecv_match_template(const uint8_t* gray, int32_t width, int32_t height, int32_t stride, int32_t roi_x, int32_t roi_y,
                           int32_t roi_width, int32_t roi_height, const uint8_t* face_template, int32_t template_size,
                           int32_t face_width, int32_t face_height, int32_t* match_x, int32_t* match_y, float* score, char* message,
                           int32_t message_capacity) {
    return guarded(message, message_capacity, [&] {
        if (!valid_image(gray, width, height, stride) || face_template == nullptr || template_size <= 0 ||
            face_width < template_size || face_height < template_size ||
            match_x == nullptr || match_y == nullptr || score == nullptr) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "invalid arguments");
        }
        if (!roi_inside(width, height, roi_x, roi_y, roi_width, roi_height)) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "ROI %d,%d %dx%d is outside the %dx%d image",
                        roi_x, roi_y, roi_width, roi_height, width, height);
        }
        const double scale_x = double(template_size) / face_width;
        const double scale_y = double(template_size) / face_height;
        const int small_width = static_cast<int>(roi_width * scale_x);
        const int small_height = static_cast<int>(roi_height * scale_y);
        if (small_width < template_size || small_height < template_size) {
            return fail(ECV_INVALID_ARGUMENT, message, message_capacity, "ROI %dx%d is smaller than the face (%dx%d)",
                        roi_width, roi_height, face_width, face_height);
        }
        // Per-thread scratch: workers call this every frame, and same-sized buffers are reused.
        thread_local cv::Mat small;
        thread_local cv::Mat response;
        const cv::Mat image(height, width, CV_8UC1, const_cast<uint8_t*>(gray), static_cast<size_t>(stride));
        cv::resize(image(cv::Rect(roi_x, roi_y, roi_width, roi_height)), small, cv::Size(small_width, small_height), 0, 0, cv::INTER_AREA);
        const cv::Mat templ(template_size, template_size, CV_8UC1, const_cast<uint8_t*>(face_template));
        cv::matchTemplate(small, templ, response, cv::TM_CCOEFF_NORMED);
        double best = 0;
        cv::Point location;
        cv::minMaxLoc(response, nullptr, &best, nullptr, &location);
        *match_x = roi_x + static_cast<int32_t>(std::lround(location.x / scale_x));
        *match_y = roi_y + static_cast<int32_t>(std::lround(location.y / scale_y));
        *score = std::isfinite(best) ? static_cast<float>(best) : -1.0f;
        return static_cast<int32_t>(ECV_OK);
    });
}

} // extern "C"
