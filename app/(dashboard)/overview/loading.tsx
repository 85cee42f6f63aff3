export { SegmentLoading as default } from "@/components/ui/segment-loading";
