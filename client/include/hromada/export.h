/* HROMADA_EXPORT marks the functions and classes libhromada-client.so
 * exports. The library is built with hidden symbol visibility, so anything
 * not marked stays private to it; in the in-tree static library the mark
 * changes nothing. Usable from C and C++. */
#ifndef HROMADA_CLIENT_INCLUDE_HROMADA_EXPORT_H_
#define HROMADA_CLIENT_INCLUDE_HROMADA_EXPORT_H_

#if defined(__GNUC__) || defined(__clang__)
#define HROMADA_EXPORT __attribute__((visibility("default")))
#else
#define HROMADA_EXPORT
#endif

#endif /* HROMADA_CLIENT_INCLUDE_HROMADA_EXPORT_H_ */
